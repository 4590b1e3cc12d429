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
        {{ first_mention_columns() }},
        {{ first_non_null('goods') }} as goods,
        {{ first_non_null('previous_rate_pct') }} as previous_rate_pct,
        {{ first_non_null('value_usd') }} as value_usd

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
