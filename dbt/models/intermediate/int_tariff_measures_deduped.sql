{#-
    Grain: one row per distinct tariff measure per article.
    A measure is (article_id, imposer_iso3, target_iso3, rate_pct, action); NULLs compare equal
    (GROUP BY puts NULLs in one group). The first mention (by char_start, then match_start, then
    mention_id) supplies sentence, evidence and offsets; goods, previous_rate_pct and value_usd
    come from the first mention where they are not null.
-#}
with mentions as (

    select * from {{ ref('stg_raw__tariff_mentions') }}

),

measures as (

    select
        article_id,
        imposer_iso3,
        target_iso3,
        rate_pct,
        action,
        first(mention_id order by char_start, match_start, mention_id) as first_mention_id,
        first(sentence_id order by char_start, match_start, mention_id) as sentence_id,
        first(goods order by char_start, match_start, mention_id)
            filter (where goods is not null) as goods,
        first(evidence order by char_start, match_start, mention_id) as evidence,
        first(previous_rate_pct order by char_start, match_start, mention_id)
            filter (where previous_rate_pct is not null) as previous_rate_pct,
        first(value_usd order by char_start, match_start, mention_id)
            filter (where value_usd is not null) as value_usd,
        first(char_start order by char_start, match_start, mention_id) as char_start,
        first(char_end order by char_start, match_start, mention_id) as char_end,
        first(match_start order by char_start, match_start, mention_id) as match_start,
        first(match_end order by char_start, match_start, mention_id) as match_end,
        array_agg(mention_id order by char_start, match_start, mention_id) as mention_ids,
        count(*) as mention_count

    from mentions
    group by article_id, imposer_iso3, target_iso3, rate_pct, action

),

final as (

    select
        md5(
            article_id
            || '|' || coalesce(imposer_iso3, '')
            || '|' || coalesce(target_iso3, '')
            || '|' || coalesce(cast(rate_pct as varchar), '')
            || '|' || coalesce(action, '')
        ) as tariff_id,
        article_id,
        sentence_id,
        first_mention_id,
        imposer_iso3,
        target_iso3,
        goods,
        action,
        evidence,
        mention_ids,
        rate_pct,
        previous_rate_pct,
        value_usd,
        char_start,
        char_end,
        match_start,
        match_end,
        mention_count

    from measures

)

select * from final
