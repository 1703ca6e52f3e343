{#-
    After `dbt build` or `dbt run`: drop every table or view in the project's schemas
    (staging, intermediate, marts, reference) that no enabled model or seed makes any more,
    e.g. a model since made ephemeral, renamed or removed. A build starts from a copy of the
    previous release, so without this such a relation would be carried forward, frozen, for
    good. The landing and release schemas are not dbt's and are left alone. Each drop is
    logged.
-#}
{% macro drop_orphaned_relations() %}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- set made = [] -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type in ('model', 'seed') -%}
            {%- if node.config.materialized != 'ephemeral' -%}
                {%- do made.append((node.schema ~ '.' ~ node.alias) | lower) -%}
            {%- endif -%}
            {%- if (node.schema | lower) not in schemas -%}
                {%- do schemas.append(node.schema | lower) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set listed = run_query(
            "select table_schema, table_name, table_type from information_schema.tables"
            ~ " where table_catalog = current_database() and lower(table_schema) in ('"
            ~ schemas | join("', '") ~ "') order by 1, 2"
        ) -%}
        {%- for row in listed.rows -%}
            {%- if (row[0] ~ '.' ~ row[1]) | lower not in made -%}
                {%- set kind = 'view' if row[2] == 'VIEW' else 'table' -%}
                {%- do log('dropping ' ~ kind ~ ' ' ~ row[0] ~ '.' ~ row[1]
                    ~ ': no model or seed of this project makes it', info=true) -%}
                {%- set relation = '"' ~ row[0] ~ '"."' ~ row[1] ~ '"' -%}
                {%- do run_query('drop ' ~ kind ~ ' if exists ' ~ relation) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
