-- One row per article.
with articles as (

    select * from {{ ref('stg_raw__articles') }}

),

sentences as (

    select
        article_id,
        count(*) as sentence_count
    from {{ ref('stg_raw__sentences') }}
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
        coalesce(sentences.sentence_count, 0) as sentence_count

    from articles
    left join sentences
        on articles.article_id = sentences.article_id

)

select * from final
