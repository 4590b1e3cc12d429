-- One row per money amount mention.
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'amount_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'amount_mentions')) %}
with fingerprints as (

    {{ article_fingerprints(source('raw', 'amount_mentions'), where=to_build) }}

),

amounts as (

    select amounts.*, fingerprints.source_fingerprint
    from (select * from {{ ref('stg_raw__amount_mentions') }} where {{ to_build }}) as amounts
    inner join fingerprints on amounts.article_id = fingerprints.article_id

),

final as (

    select
        md5(mention_id) as amount_id,
        article_id,
        sentence_id,
        value,
        currency,
        value_usd,
        evidence,
        char_start,
        char_end,
        mention_id,
        amount_text,
        match_start,
        match_end,
        source_fingerprint,
        '{{ invocation_id }}' as load_id

    from amounts

)

select * from final
