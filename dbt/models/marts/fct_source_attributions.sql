-- One row per source mention (attribution), linked to its resolved source.
with mentions as (

    select * from {{ ref('stg_raw__source_mentions') }}

),

source_mentions as (

    select
        source_id,
        name as source_name,
        unnest(mention_ids) as mention_id
    from {{ ref('int_sources_resolved') }}

),

final as (

    select
        md5(mentions.mention_id) as attribution_id,
        source_mentions.source_id,
        mentions.article_id,
        mentions.sentence_id,
        mentions.mention_id,
        mentions.source_kind,
        source_mentions.source_name as name,
        mentions.name as mention_name,
        mentions.title,
        mentions.affiliation,
        mentions.descriptor,
        mentions.quote,
        mentions.evidence,
        mentions.anonymous_count,
        mentions.char_start,
        mentions.char_end,
        mentions.match_start,
        mentions.match_end

    from mentions
    inner join source_mentions
        on mentions.mention_id = source_mentions.mention_id

)

select * from final
