-- One row per tariff mention. Codes upper-cased, enums lower-cased, goods on one line, blank strings -> null.
-- `evidence` is kept byte-for-byte so that text[char_start:char_end] == evidence still holds.
with source as (

    select * from {{ source('raw', 'tariff_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_id,
        nullif(upper(trim(imposer_iso3)), '') as imposer_iso3,
        nullif(upper(trim(target_iso3)), '') as target_iso3,
        {{ clean_text('goods') }} as goods,
        nullif(lower(trim(action)), '') as action,
        evidence,
        rate_pct::double as rate_pct,
        previous_rate_pct::double as previous_rate_pct,
        value_usd::double as value_usd,
        char_start::bigint as char_start,
        char_end::bigint as char_end,
        match_start::bigint as match_start,
        match_end::bigint as match_end

    from source

)

select * from renamed
