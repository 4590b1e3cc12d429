-- One row per input file with its outcome: what the ingest stage made of it.
-- Built from raw.articles.source_path (`path#<record>` for a record of a many-article file) and the
-- quarantine's source_path/kind/reason (kind: rejected | duplicate | notice).
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
        count(*) filter (where kind = 'rejected') as records_quarantined,
        count(*) filter (where kind = 'duplicate') as records_duplicate,
        count(*) filter (where kind = 'notice') as notices,
        string_agg(distinct reason, '; ' order by reason) filter (where kind <> 'duplicate') as reasons,
        min(quarantined_at) filter (where kind <> 'duplicate') as first_quarantined_at
    from {{ ref('stg_raw__quarantined_files') }}
    group by 1

),

files as (

    select
        source_path,
        coalesce(articles.articles_loaded, 0) as articles_loaded,
        coalesce(quarantined.records_quarantined, 0) as records_quarantined,
        coalesce(quarantined.records_duplicate, 0) as records_duplicate,
        coalesce(quarantined.notices, 0) as notices,
        quarantined.reasons,
        quarantined.first_quarantined_at
    from articles
    full outer join quarantined using (source_path)

)

select
    md5(source_path) as file_id,
    source_path,
    case
        when articles_loaded = 0 and records_quarantined = 0 and records_duplicate > 0 then 'duplicate'
        when articles_loaded = 0 then 'quarantined'
        when records_quarantined + notices = 0 then 'loaded'
        else 'loaded_with_issues'
    end as outcome,
    reasons,
    articles_loaded,
    records_quarantined,
    records_duplicate,
    notices,
    first_quarantined_at
from files
