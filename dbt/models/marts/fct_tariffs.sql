-- One row per distinct tariff measure per article (see int_tariff_measures_deduped).
with measures as (

    select * from {{ ref('int_tariff_measures_deduped') }}

),

final as (

    select
        tariff_id,
        article_id,
        sentence_id,
        imposer_iso3,
        target_iso3,
        rate_pct,
        goods,
        action,
        value_usd,
        evidence,
        char_start,
        char_end,
        previous_rate_pct,
        mention_count

    from measures

)

select * from final
