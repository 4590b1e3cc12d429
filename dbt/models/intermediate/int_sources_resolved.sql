{#-
    Grain: one row per distinct source per article.

    Source key within an article:
      named_person        lower(last token of name)      ("Kennedy" = "Scott Kennedy")
      named_organization  lower(name)
      anonymous           lower(descriptor) without a leading article (a/an/the/one/this/...)
      document            lower(descriptor)

    Coreference: a named person's `name` is the fullest name used in the article for that last
    token (most tokens, then longest, then earliest), so "Kennedy" resolves to "Scott Kennedy".
    title, affiliation, anonymous_count, descriptor and quote are the first non-null value among
    the source's mentions; sentence, evidence and offsets come from the first mention
    (char_start, match_start, mention_id). mention_ids lists every mention of the source.
-#}
with mentions as (

    select * from {{ ref('stg_raw__source_mentions') }}

),

keyed as (

    select
        *,
        case
            when source_kind = 'named_person' then lower(string_split(name, ' ')[-1])
            when source_kind = 'named_organization' then lower(name)
            -- "a White House spokesman" and a later "the White House spokesman" are one source
            when source_kind = 'anonymous'
                then regexp_replace(lower(descriptor), '^(the|a|an|one|this|that|these|those)\s+', '')
            else lower(descriptor)
        end as source_key,
        len(string_split(name, ' ')) as name_token_count

    from mentions

),

sources as (

    select
        article_id,
        source_kind,
        source_key,
        {{ first_mention_columns() }},
        case
            when source_kind = 'named_person'
                then first(name order by name_token_count desc, length(name) desc, char_start, match_start, mention_id)
                    filter (where name is not null)
            else first(name order by char_start, match_start, mention_id)
                filter (where name is not null)
        end as name,
        {{ first_non_null('title') }} as title,
        {{ first_non_null('affiliation') }} as affiliation,
        {{ first_non_null('descriptor') }} as descriptor,
        {{ first_non_null('quote') }} as quote,
        {{ first_non_null('anonymous_count') }} as anonymous_count

    from keyed
    group by article_id, source_kind, source_key

),

final as (

    select
        md5(
            article_id
            || '|' || coalesce(source_kind, '')
            || '|' || coalesce(source_key, '')
        ) as source_id,
        article_id,
        sentence_id,
        first_mention_id,
        source_kind,
        source_key,
        name,
        title,
        affiliation,
        descriptor,
        quote,
        evidence,
        mention_ids,
        anonymous_count,
        char_start,
        char_end,
        match_start,
        match_end,
        mention_count

    from sources

)

select * from final
