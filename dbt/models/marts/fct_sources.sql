-- One row per distinct source per article (see int_sources_resolved for coreference).
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'source_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'source_mentions')) %}
with {{ built_articles_ctes(source('raw', 'source_mentions'), ref('int_sources_resolved'), 'sources', to_build) }},

final as (

    select
        source_id,
        article_id,
        sentence_id,
        source_kind,
        name,
        title,
        affiliation,
        anonymous_count,
        descriptor,
        quote,
        evidence,
        char_start,
        char_end,
        mention_count,
        case
            when source_kind in ('named_person', 'named_organization') and name is not null
                then md5(source_kind || '|' || lower(name))
        end as actor_id,
        source_fingerprint,
        '{{ invocation_id }}' as load_id

    from sources

)

select * from final
