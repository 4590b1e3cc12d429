-- One row per talks event per article (see int_talks_events_merged for the merge rules).
with events as (

    select * from {{ ref('int_talks_events_merged') }}

),

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
        mention_count

    from events

)

select * from final
