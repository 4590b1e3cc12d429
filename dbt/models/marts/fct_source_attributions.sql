-- One row per source mention (attribution), linked to its resolved source.
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'source_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'source_mentions')) %}
with {{ built_articles_ctes(source('raw', 'source_mentions'), ref('stg_raw__source_mentions'), 'mentions', to_build) }},

source_mentions as (

    select
        source_id,
        name as source_name,
        unnest(mention_ids) as mention_id
    from {{ ref('int_sources_resolved') }}
    where {{ to_build }}

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
        mentions.match_end,
        mentions.source_fingerprint,
        '{{ invocation_id }}' as load_id

    from mentions
    inner join source_mentions
        on mentions.mention_id = source_mentions.mention_id

)

select * from final
