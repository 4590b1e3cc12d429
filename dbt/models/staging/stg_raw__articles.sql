-- One row per article. Light cleaning only: blank strings -> null, word count of the text.
with source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        article_id,
        nullif(trim(external_id), '') as external_id,
        nullif(trim(source_path), '') as source_path,
        {{ clean_text('title') }} as title,
        {{ clean_text('publisher') }} as publisher,
        {{ clean_text('author') }} as author,
        nullif(trim(url), '') as url,
        source_format,
        text as article_text,
        -- whitespace-separated tokens, the same set of whitespace characters as Python's str.split()
        coalesce(
            len(regexp_extract_all(text, '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]+')),
            0
        )::integer as word_count,
        places,
        published_date::date as published_date,
        published_at::timestamptz as published_at,
        ingested_at::timestamptz as ingested_at

    from source

)

select * from renamed
