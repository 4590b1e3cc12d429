{#-
    How much each article, and each publisher, relies on anonymous sources.
    grain = 'article': one row per article (articles without sources have n_sources = 0 and null shares).
    grain = 'publisher': one row per publisher (null publisher is its own row), summed over its articles.
    Sources are distinct sources per article (fct_sources), not attributions.
    A named official is a named_person source with a non-null title.
-#}
with articles as (

    select article_id, publisher from {{ ref('dim_articles') }}

),

sources as (

    select * from {{ ref('fct_sources') }}

),

per_article as (

    select
        articles.article_id,
        articles.publisher,
        count(sources.source_id) as n_sources,
        count(sources.source_id) filter (where sources.source_kind = 'anonymous') as n_anonymous,
        count(sources.source_id) filter (
            where sources.source_kind = 'named_person' and sources.title is not null
        ) as n_named_officials

    from articles
    left join sources
        on articles.article_id = sources.article_id
    group by articles.article_id, articles.publisher

),

article_rows as (

    select
        md5('article|' || article_id) as anonymity_id,
        article_id,
        'article' as grain,
        publisher,
        1::bigint as n_articles,
        n_sources::bigint as n_sources,
        n_anonymous::bigint as n_anonymous,
        n_anonymous / nullif(n_sources, 0) as share_anonymous,
        n_named_officials::bigint as n_named_officials,
        n_named_officials / nullif(n_sources, 0) as share_named_officials

    from per_article

),

publisher_rows as (

    select
        md5('publisher|' || coalesce(publisher, '')) as anonymity_id,
        null::varchar as article_id,
        'publisher' as grain,
        publisher,
        count(*)::bigint as n_articles,
        sum(n_sources)::bigint as n_sources,
        sum(n_anonymous)::bigint as n_anonymous,
        sum(n_anonymous) / nullif(sum(n_sources), 0) as share_anonymous,
        sum(n_named_officials)::bigint as n_named_officials,
        sum(n_named_officials) / nullif(sum(n_sources), 0) as share_named_officials

    from per_article
    group by publisher

),

final as (

    select * from article_rows
    union all
    select * from publisher_rows

)

select
    anonymity_id,
    article_id,
    grain,
    publisher,
    n_articles,
    n_sources,
    n_anonymous,
    share_anonymous::double as share_anonymous,
    n_named_officials,
    share_named_officials::double as share_named_officials
from final
