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
        {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'in', ['model', 'seed'])
            | list -%}
        {%- set schemas = nodes | map(attribute='schema') | map('lower') | unique | list -%}
        {%- set made = [] -%}
        {%- for node in nodes if node.config.materialized != 'ephemeral' -%}
            {%- do made.append((node.schema ~ '.' ~ node.alias) | lower) -%}
        {%- endfor -%}
        {%- set listed = run_query(
            "select table_catalog, table_schema, table_name, table_type"
            ~ " from information_schema.tables where table_catalog = current_database()"
            ~ " and lower(table_schema) in ('" ~ schemas | join("', '") ~ "') order by 2, 3"
        ) -%}
        {%- for row in listed.rows if (row[1] ~ '.' ~ row[2]) | lower not in made -%}
            {%- set relation = api.Relation.create(
                database=row[0], schema=row[1], identifier=row[2],
                type='view' if row[3] == 'VIEW' else 'table'
            ) -%}
            {%- do log('dropping ' ~ relation.type ~ ' ' ~ relation
                ~ ': no model or seed of this project makes it', info=true) -%}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
