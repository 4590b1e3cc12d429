-- One row per source attribution. Names/titles trimmed with inner whitespace collapsed.
with source as (

    select * from {{ source('raw', 'source_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_id,
        nullif(lower(trim(source_kind)), '') as source_kind,
        {{ clean_text('name') }} as name,
        {{ clean_text('title') }} as title,
        {{ clean_text('affiliation') }} as affiliation,
        {{ clean_text('descriptor') }} as descriptor,
        {{ clean_text('quote') }} as quote,
        evidence,
        anonymous_count::integer as anonymous_count,
        char_start::bigint as char_start,
        char_end::bigint as char_end,
        match_start::bigint as match_start,
        match_end::bigint as match_end

    from source

)

select * from renamed
