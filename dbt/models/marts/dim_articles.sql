-- One row per article.
-- Incremental by article (macros/incremental.sql): the fingerprint covers the article's raw row
-- (without its text, for which article_id, the text's hash, stands) and its sentence count.
{%- set articles_counted -%}
    (
        select
            articles.* exclude (text),
            coalesce(sentences.sentence_count, 0) as sentence_count
        from {{ source('raw', 'articles') }} as articles
        left join (
            select article_id, count(*) as sentence_count
            from {{ source('raw', 'sentences') }}
            group by article_id
        ) as sentences
            on articles.article_id = sentences.article_id
    )
{%- endset %}
{{ config(post_hook="{{ delete_missing_articles(source('raw', 'articles')) }}") }}
{%- set to_build = articles_to_build(articles_counted) %}
with {{ built_articles_ctes(articles_counted, ref('stg_raw__articles'), 'articles', to_build) }},

sentences as (

    select
        article_id,
        count(*) as sentence_count
    from {{ ref('stg_raw__sentences') }}
    where {{ to_build }}
    group by article_id

),

final as (

    select
        articles.article_id,
        articles.external_id,
        articles.title,
        articles.publisher,
        articles.published_date,
        articles.source_path,
        articles.word_count,
        articles.ingested_at,
        coalesce(sentences.sentence_count, 0) as sentence_count,
        articles.source_fingerprint,
        '{{ invocation_id }}' as load_id

    from articles
    left join sentences
        on articles.article_id = sentences.article_id

)

select * from final
