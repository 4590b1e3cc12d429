-- One row per input file with its outcome: what the ingest stage made of it.
-- Built from raw.articles.source_path (`path#line N` for a JSONL record) and the quarantine's
-- source_path/reason, so it follows the ingestion as it is.
with articles as (

    select
        split_part(source_path, '#', 1) as source_path,
        count(*) as articles_loaded
    from {{ ref('stg_raw__articles') }}
    group by 1

),

quarantined as (

    select
        source_path,
        count(*) as records_quarantined,
        string_agg(distinct reason, '; ' order by reason) as reasons,
        min(quarantined_at) as first_quarantined_at
    from {{ ref('stg_raw__quarantined_files') }}
    group by 1

),

files as (

    select
        source_path,
        coalesce(articles.articles_loaded, 0) as articles_loaded,
        coalesce(quarantined.records_quarantined, 0) as records_quarantined,
        quarantined.reasons,
        quarantined.first_quarantined_at
    from articles
    full outer join quarantined using (source_path)

)

select
    md5(source_path) as file_id,
    source_path,
    case
        when records_quarantined = 0 then 'loaded'
        when articles_loaded = 0 then 'quarantined'
        else 'loaded_with_issues'
    end as outcome,
    reasons,
    articles_loaded,
    records_quarantined,
    first_quarantined_at
from files
