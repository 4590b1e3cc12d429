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
        nullif(regexp_replace(trim(name), '\s+', ' ', 'g'), '') as name,
        nullif(regexp_replace(trim(title), '\s+', ' ', 'g'), '') as title,
        nullif(regexp_replace(trim(affiliation), '\s+', ' ', 'g'), '') as affiliation,
        nullif(regexp_replace(trim(descriptor), '\s+', ' ', 'g'), '') as descriptor,
        nullif(trim(quote), '') as quote,
        evidence,
        anonymous_count::integer as anonymous_count,
        char_start::bigint as char_start,
        char_end::bigint as char_end,
        match_start::bigint as match_start,
        match_end::bigint as match_end

    from source

)

select * from renamed
