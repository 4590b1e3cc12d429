{#-
    Tariff measures per imposer -> target pair in publication order.
    measure_seq: 1, 2, ... within the pair (NULL imposer or target is its own pair value), ordered by
    the article's published_date (unknown dates last), then article_id, then char_start.
    has_conflicting_rate: this measure has a rate and another article states a different non-null
    rate for the same (imposer_iso3, target_iso3, action, lower(goods)) measure, NULLs equal.
    conflicting_rates lists those other rates.
-#}
with tariffs as (

    select
        fct_tariffs.*,
        dim_articles.publisher,
        dim_articles.published_date
    from {{ ref('fct_tariffs') }} as fct_tariffs
    inner join {{ ref('dim_articles') }} as dim_articles
        on fct_tariffs.article_id = dim_articles.article_id

),

conflicts as (

    select
        tariffs.tariff_id,
        list_sort(list_distinct(array_agg(others.rate_pct)))::double[] as conflicting_rates

    from tariffs
    inner join tariffs as others
        on others.article_id <> tariffs.article_id
        and others.imposer_iso3 is not distinct from tariffs.imposer_iso3
        and others.target_iso3 is not distinct from tariffs.target_iso3
        and others.action is not distinct from tariffs.action
        and lower(others.goods) is not distinct from lower(tariffs.goods)
    where tariffs.rate_pct is not null
        and others.rate_pct is not null
        and others.rate_pct <> tariffs.rate_pct
    group by tariffs.tariff_id

),

final as (

    select
        tariffs.tariff_id,
        tariffs.article_id,
        coalesce(tariffs.imposer_iso3, '?') || '->' || coalesce(tariffs.target_iso3, '?') as pair,
        tariffs.imposer_iso3,
        tariffs.target_iso3,
        tariffs.action,
        tariffs.goods,
        tariffs.publisher,
        tariffs.evidence,
        tariffs.rate_pct,
        tariffs.previous_rate_pct,
        tariffs.value_usd,
        conflicts.conflicting_rates,
        row_number() over (
            partition by tariffs.imposer_iso3, tariffs.target_iso3
            order by tariffs.published_date nulls last, tariffs.article_id, tariffs.char_start, tariffs.tariff_id
        ) as measure_seq,
        conflicts.tariff_id is not null as has_conflicting_rate,
        tariffs.published_date

    from tariffs
    left join conflicts
        on tariffs.tariff_id = conflicts.tariff_id

)

select * from final
