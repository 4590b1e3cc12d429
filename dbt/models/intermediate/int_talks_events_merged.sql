{#-
    Grain: one row per talks event per article; mentions of the same event are merged.

    1. A mention is "located" when it has a location or location_iso3 (both resolved by the
       extraction's venue gazetteer: curated places, countries, GeoNames cities, regions).
       Located mentions with the same country merge into one event; a location with no known
       country is keyed by its lower-cased name.
    2. An unlocated mention joins the article's located event when the article has exactly one
       located event and the mention has no date_text, or a date_text (case-insensitive) that
       one of that event's mentions also has, and it names no government outside the located
       mentions' parties (when those name two or more: "talks in Geneva between China and the
       U.S." does not absorb a later "talks with Japan").
    3. Other unlocated mentions are grouped by (event_type, parties, lower(date_text)), NULLs equal.

    The event's `location` is the most specific name among its mentions: a city (location_kind
    = 'city') over a region or unknown place over a country name, then the earliest mention. parties and
    participants are the sorted distinct union. event_type, sentence, evidence and offsets come
    from the first mention (char_start, match_start, mention_id); date_text and event_date from
    the first mention where they are not null.
-#}
with mentions as (

    select * from {{ ref('stg_raw__talks_mentions') }}

),

located as (

    -- the venue's country and kind are resolved once, by the extraction (venue gazetteer)
    select
        mentions.*,
        mentions.location_iso3 as resolved_iso3,
        case
            when mentions.location is null and mentions.location_iso3 is null then null
            else coalesce(mentions.location_iso3, 'place:' || lower(mentions.location))
        end as location_key,
        case mentions.location_kind
            when 'city' then 0
            when 'country' then 2
            else 1
        end as location_rank

    from mentions

),

located_events as (

    select
        article_id,
        location_key,
        md5(article_id || '|location|' || location_key) as talk_id,
        list_distinct(array_agg(lower(date_text))) as date_texts,
        list_distinct(flatten(array_agg(coalesce(parties, [])))) as located_parties

    from located
    where location_key is not null
    group by article_id, location_key

),

single_located_event as (

    select
        article_id,
        any_value(talk_id) as talk_id,
        any_value(date_texts) as date_texts,
        any_value(located_parties) as located_parties

    from located_events
    group by article_id
    having count(*) = 1

),

assigned as (

    select
        located.*,
        case
            when located.location_key is not null
                then md5(located.article_id || '|location|' || located.location_key)
            when single_located_event.talk_id is not null
                and (
                    located.date_text is null
                    or list_contains(single_located_event.date_texts, lower(located.date_text))
                )
                and (
                    len(single_located_event.located_parties) < 2
                    or list_has_all(single_located_event.located_parties, coalesce(located.parties, []))
                )
                then single_located_event.talk_id
            else md5(
                located.article_id
                || '|unlocated|' || coalesce(located.event_type, '')
                || '|' || array_to_string(coalesce(located.parties, []), ',')
                || '|' || coalesce(lower(located.date_text), '')
            )
        end as talk_id

    from located
    left join single_located_event
        on located.article_id = single_located_event.article_id

),

events as (

    select
        talk_id,
        article_id,
        {{ first_mention_columns() }},
        first(event_type order by char_start, match_start, mention_id) as event_type,
        first(location order by location_rank, char_start, match_start, mention_id)
            filter (where location is not null) as location,
        first(resolved_iso3 order by location_rank, char_start, match_start, mention_id)
            filter (where resolved_iso3 is not null) as location_iso3,
        list_sort(list_distinct(flatten(array_agg(coalesce(parties, [])))))::varchar[] as parties,
        list_sort(list_distinct(flatten(array_agg(coalesce(participants, [])))))::varchar[] as participants,
        list_sort(list_distinct(array_agg(event_type)))::varchar[] as event_types,
        {{ first_non_null('date_text') }} as date_text,
        {{ first_non_null('event_date') }} as event_date

    from assigned
    group by talk_id, article_id

)

select * from events
