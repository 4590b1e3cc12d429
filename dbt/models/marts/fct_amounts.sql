-- One row per money amount mention.
-- Incremental by article (macros/incremental.sql): only articles whose mentions changed are rebuilt.
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'amount_mentions')) }}") }}
{%- set to_build = articles_to_build(source('raw', 'amount_mentions')) %}
with {{ built_articles_ctes(source('raw', 'amount_mentions'), ref('stg_raw__amount_mentions'), 'amounts', to_build) }},

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
