-- One row per money amount mention.
with amounts as (

    select * from {{ ref('stg_raw__amount_mentions') }}

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
        match_end

    from amounts

)

select * from final
