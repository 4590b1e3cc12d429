-- One row per money amount mention.
with source as (

    select * from {{ source('raw', 'amount_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_id,
        nullif(upper(trim(currency)), '') as currency,
        {{ clean_text('amount_text') }} as amount_text,
        evidence,
        value::double as value,
        value_usd::double as value_usd,
        char_start::bigint as char_start,
        char_end::bigint as char_end,
        match_start::bigint as match_start,
        match_end::bigint as match_end

    from source

)

select * from renamed
