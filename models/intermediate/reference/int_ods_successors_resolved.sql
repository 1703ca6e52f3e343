{#-
    Every organisation code that ODS says was succeeded, mapped to its current successor by
    following the succession chain to its end (A -> B -> C gives A -> C), with the date of the
    last change. A predecessor split between several successors (RW6 -> RM3 and R0A) maps to the
    lowest code and is flagged, with all its successors listed.
-#}
with recursive

succ as (

    select * from {{ ref('stg_ods__succ') }}

),

current_files as (

    select * from {{ ref('int_landed_files_current') }}

),

current_succ as (

    select succ.*
    from succ
    inner join current_files
        on succ.file_id = current_files.file_id

),

edges as (

    select
        predecessor_code,
        min(successor_code) as successor_code,
        max(effective_date) as effective_date,
        count(distinct successor_code) > 1 as is_split,
        string_agg(distinct successor_code, ';' order by successor_code) as split_successor_codes
    from current_succ
    group by predecessor_code

),

chain (org_code, current_code, effective_date, is_split, split_successor_codes, depth) as (

    select
        predecessor_code,
        successor_code,
        effective_date,
        is_split,
        split_successor_codes,
        1
    from edges

    union all

    select
        chain.org_code,
        edges.successor_code,
        edges.effective_date,
        chain.is_split or edges.is_split,
        chain.split_successor_codes,
        chain.depth + 1
    from chain
    inner join edges
        on chain.current_code = edges.predecessor_code
    where chain.depth < 25

),

deepest as (

    select
        org_code,
        arg_max(current_code, depth) as current_code,
        arg_max(effective_date, depth) as successor_effective_date,
        bool_or(is_split) as is_split_successor,
        arg_min(split_successor_codes, depth) as split_successor_codes,
        max(depth) as succession_steps
    from chain
    group by org_code

),

final as (

    select * from deepest

)

select * from final
