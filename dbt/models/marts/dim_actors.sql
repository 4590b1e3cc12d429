{#-
    One row per named actor (person or organisation) across all articles.
    actor_id = md5(source_kind || '|' || lower(name)) on the coreference-resolved name, so the same
    person quoted in several articles is one actor (and "Kennedy" alone in an article where no
    fuller name appears stays a separate actor from "Scott Kennedy").

    title / affiliation: the value from the most recently published article that has one.
    country_iso3: the country named in the actor's affiliations, else titles (whole-word,
    case-sensitive match of a country_aliases alias: names, demonyms, capitals, agencies; the
    longest alias wins; in titles an alias after a preposition such as "in"/"on"/"to" is the
    title's subject and is skipped), else, for organisations, in the name; else, for people, the
    country_aliases `leader` row matching the name. country_matched_from says which.
-#}
with sources as (

    select
        fct_sources.*,
        dim_articles.published_date
    from {{ ref('fct_sources') }} as fct_sources
    inner join {{ ref('dim_articles') }} as dim_articles
        on fct_sources.article_id = dim_articles.article_id
    where fct_sources.actor_id is not null

),

actors as (

    select
        actor_id,
        any_value(source_kind) as actor_kind,
        first(name order by published_date desc nulls last, article_id, char_start) as name,
        first(title order by published_date desc nulls last, article_id, char_start)
            filter (where title is not null) as title,
        first(affiliation order by published_date desc nulls last, article_id, char_start)
            filter (where affiliation is not null) as affiliation,
        list_sort(list_distinct(array_agg(title)))::varchar[] as titles,
        list_sort(list_distinct(array_agg(affiliation)))::varchar[] as affiliations,
        count(distinct article_id) as article_count,
        sum(mention_count)::bigint as mention_count,
        min(published_date) as first_published_date,
        max(published_date) as last_published_date

    from sources
    group by actor_id

),

aliases as (

    select
        alias,
        iso3,
        alias_kind,
        -- whole-word match: the alias, regex-escaped, not glued to other letters
        '(^|[^A-Za-z])' || escaped || '($|[^A-Za-z])' as pattern,
        -- the alias as the object of a preposition: the subject of a title, not the actor's
        -- country ("expert in Chinese business affairs", "envoy to China")
        '(^|[^A-Za-z])(?i:in|on|about|to|with|for|toward|towards|against)\s+(?i:the\s+)?'
        || escaped || '($|[^A-Za-z])' as subject_pattern

    from (
        select
            *,
            regexp_replace(alias, '([.^$|?*+()\[\]{}\\])', '\\\1', 'g') as escaped
        from {{ ref('country_aliases') }}
    ) as country_aliases
    where alias is not null and iso3 is not null

),

actor_texts as (

    select actor_id, 1 as priority, 'affiliation' as matched_from, unnest(affiliations) as text
    from actors

    union all

    select actor_id, 2 as priority, 'title' as matched_from, unnest(titles) as text
    from actors

    union all

    select actor_id, 3 as priority, 'name' as matched_from, name as text
    from actors
    where actor_kind = 'named_organization'

),

matches as (

    select
        actor_texts.actor_id,
        actor_texts.priority,
        actor_texts.matched_from,
        aliases.alias,
        aliases.iso3
    from actor_texts
    inner join aliases
        on contains(actor_texts.text, aliases.alias)
    where aliases.alias_kind <> 'leader'
        and regexp_matches(aliases.alias, '^[A-Z]')
        and regexp_matches(actor_texts.text, aliases.pattern)
        and not (
            actor_texts.matched_from = 'title'
            and regexp_matches(actor_texts.text, aliases.subject_pattern)
        )

    union all

    select
        actors.actor_id,
        4 as priority,
        'name' as matched_from,
        aliases.alias,
        aliases.iso3
    from actors
    inner join aliases
        on contains(actors.name, aliases.alias)
    where actors.actor_kind = 'named_person'
        and aliases.alias_kind = 'leader'
        and regexp_matches(actors.name, aliases.pattern)

),

countries as (

    select
        actor_id,
        first(iso3 order by priority, length(alias) desc, iso3) as country_iso3,
        first(matched_from order by priority, length(alias) desc, iso3) as country_matched_from
    from matches
    group by actor_id

),

final as (

    select
        actors.actor_id,
        actors.actor_kind,
        actors.name,
        actors.title,
        actors.affiliation,
        countries.country_iso3,
        countries.country_matched_from,
        actors.titles,
        actors.affiliations,
        actors.article_count,
        actors.mention_count,
        actors.first_published_date,
        actors.last_published_date

    from actors
    left join countries
        on actors.actor_id = countries.actor_id

)

select * from final
