-- One row per distinct tariff measure per article (see int_tariff_measures_deduped).
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'tariff_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'tariff_mentions')) %}
with fingerprints as (

    {{ article_fingerprints(source('raw', 'tariff_mentions'), where=to_build) }}

),

measures as (

    select measures.*, fingerprints.source_fingerprint
    from (select * from {{ ref('int_tariff_measures_deduped') }} where {{ to_build }}) as measures
    inner join fingerprints on measures.article_id = fingerprints.article_id

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
        mention_count,
        source_fingerprint,
        '{{ invocation_id }}' as load_id

    from measures

)

select * from final
