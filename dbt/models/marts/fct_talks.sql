-- One row per talks event per article (see int_talks_events_merged for the merge rules).
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'talks_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'talks_mentions')) %}
with {{ built_articles_ctes(source('raw', 'talks_mentions'), ref('int_talks_events_merged'), 'events', to_build) }},

final as (

    select
        talk_id,
        article_id,
        sentence_id,
        event_type,
        location,
        location_iso3,
        parties,
        participants,
        date_text,
        event_date,
        evidence,
        char_start,
        char_end,
        event_types,
        mention_count,
        source_fingerprint,
        '{{ invocation_id }}' as load_id

    from events

)

select * from final
