-- One row per talks mention. parties/participants become sorted distinct lists ([] when absent).
with source as (

    select * from {{ source('raw', 'talks_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_id,
        nullif(lower(trim(event_type)), '') as event_type,
        {{ clean_text('location') }} as location,
        nullif(upper(trim(location_iso3)), '') as location_iso3,
        nullif(lower(trim(location_kind)), '') as location_kind,
        coalesce(list_sort(list_distinct(parties)), [])::varchar[] as parties,
        coalesce(list_sort(list_distinct(participants)), [])::varchar[] as participants,
        {{ clean_text('date_text') }} as date_text,
        evidence,
        char_start::bigint as char_start,
        char_end::bigint as char_end,
        match_start::bigint as match_start,
        match_end::bigint as match_end,
        event_date::date as event_date

    from source

)

select * from renamed
