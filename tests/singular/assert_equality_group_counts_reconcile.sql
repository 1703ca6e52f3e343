{#-
    Group counts add up to the organisation total within the published rounding. Each
    published count stands for a true count in [rounded_count_lower, rounded_count_upper];
    the groups and the total agree when their ranges overlap. Checked:
    - exp-data, Provider: the ethnicity groups and the deprivation categories each against the
      file's TotalBookings;
    - annual provider files, Provider / Region / National: the ethnicity total against the
      deprivation total (both count deliveries by booking; the annual TotalDeliveries counts
      by delivery provider, so it is not the same population);
    - exp-measures continuity of carer, every org level: the ethnicity groups' and the IMD
      groups' numerators and denominators against the organisation's overall COC row.
    Not checked: exp-data National, Region and LMS rows, whose ethnicity sums can exceed
    TotalBookings beyond rounding (National by about 0.3%; LMS QHM and QUY in Feb 2025 by 5 to
    10 women; a woman booked with more than one provider is counted once above provider level
    but can fall in two ethnic groups).
    Returns the rows that do not reconcile.
-#}
with

observations as (

    select * from {{ ref('int_maternity_observations_unioned') }}

),

equality_observations as (

    select * from {{ ref('int_equality_observations') }}

),

exp_data_groups as (

    select
        source,
        org_level,
        org_code_published,
        period_start,
        measure,
        sum({{ rounded_count_lower('value') }}) as groups_lower,
        sum({{ rounded_count_upper('value') }}) as groups_upper
    from observations
    where
        source = 'msds_exp_data'
        and measure in ('EthnicCategoryMotherGroup', 'DeprivationDecileAtBooking')
        and org_level = 'Provider'
        and value is not null
    group by source, org_level, org_code_published, period_start, measure

),

exp_data_totals as (

    select
        source,
        org_level,
        org_code_published,
        period_start,
        {{ rounded_count_lower('value') }} as total_lower,
        {{ rounded_count_upper('value') }} as total_upper
    from observations
    where source = 'msds_exp_data' and measure = 'TotalBookings' and value is not null

),

exp_data_checks as (

    select
        exp_data_groups.source,
        exp_data_groups.org_level,
        exp_data_groups.org_code_published as org_code,
        exp_data_groups.period_start,
        exp_data_groups.measure || ' vs TotalBookings' as check_name,
        exp_data_groups.groups_lower,
        exp_data_groups.groups_upper,
        exp_data_totals.total_lower,
        exp_data_totals.total_upper
    from exp_data_groups
    inner join exp_data_totals
        on
            exp_data_groups.source = exp_data_totals.source
            and exp_data_groups.org_level = exp_data_totals.org_level
            and exp_data_groups.org_code_published = exp_data_totals.org_code_published
            and exp_data_groups.period_start = exp_data_totals.period_start

),

annual_dimensions as (

    select
        source,
        org_level,
        org_code,
        period_start,
        dimension,
        sum(numerator_lower) as count_lower,
        sum(numerator_upper) as count_upper
    from equality_observations
    where
        source = 'msds_annual'
        and metric = 'women_in_group'
        and org_level in ('Provider', 'NHS England (Region)', 'National')
    group by source, org_level, org_code, period_start, dimension

),

annual_checks as (

    select
        ethnicity.source,
        ethnicity.org_level,
        ethnicity.org_code,
        ethnicity.period_start,
        'ethnicity total vs deprivation total' as check_name,
        ethnicity.count_lower as groups_lower,
        ethnicity.count_upper as groups_upper,
        deprivation.count_lower as total_lower,
        deprivation.count_upper as total_upper
    from annual_dimensions as ethnicity
    inner join annual_dimensions as deprivation
        on
            ethnicity.source = deprivation.source
            and ethnicity.org_level = deprivation.org_level
            and ethnicity.org_code = deprivation.org_code
            and ethnicity.period_start = deprivation.period_start
    where ethnicity.dimension = 'ethnicity' and deprivation.dimension = 'deprivation'

),

coc_groups as (

    select
        source,
        org_level,
        org_code,
        period_start,
        metric,
        dimension,
        sum(numerator_lower) as numerator_lower,
        sum(numerator_upper) as numerator_upper,
        sum(denominator_lower) as denominator_lower,
        sum(denominator_upper) as denominator_upper
    from equality_observations
    where source = 'msds_exp_measures'
    group by source, org_level, org_code, period_start, metric, dimension

),

coc_checks as (

    select
        group_sums.source,
        group_sums.org_level,
        group_sums.org_code,
        group_sums.period_start,
        group_sums.metric || ' ' || group_sums.dimension || ' ' || counts.count_type as check_name,
        case counts.count_type
            when 'numerator' then group_sums.numerator_lower
            else group_sums.denominator_lower
        end as groups_lower,
        case counts.count_type
            when 'numerator' then group_sums.numerator_upper
            else group_sums.denominator_upper
        end as groups_upper,
        case counts.count_type
            when 'numerator' then overall.numerator_lower
            else overall.denominator_lower
        end as total_lower,
        case counts.count_type
            when 'numerator' then overall.numerator_upper
            else overall.denominator_upper
        end as total_upper
    from coc_groups as group_sums
    inner join coc_groups as overall
        on
            group_sums.source = overall.source
            and group_sums.org_level = overall.org_level
            and group_sums.org_code = overall.org_code
            and group_sums.period_start = overall.period_start
            and group_sums.metric = overall.metric
    cross join (values ('numerator'), ('denominator')) as counts (count_type)
    where group_sums.dimension in ('ethnicity', 'deprivation') and overall.dimension = 'all'

),

checks as (

    select * from exp_data_checks
    union all by name
    select * from annual_checks
    union all by name
    select * from coc_checks

),

final as (

    select * from checks
    where groups_lower > total_upper or groups_upper < total_lower

)

select * from final
