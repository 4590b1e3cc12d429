-- One row per distinct tariff measure per article (see int_tariff_measures_deduped).
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'tariff_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'tariff_mentions')) %}
with {{ built_articles_ctes(source('raw', 'tariff_mentions'), ref('int_tariff_measures_deduped'), 'measures', to_build) }},

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
        mention_count,
        source_fingerprint,
        '{{ invocation_id }}' as load_id

    from measures

)

select * from final
