-- One row per sentence of an article.
with source as (

    select * from {{ source('raw', 'sentences') }}

),

renamed as (

    select
        sentence_id,
        article_id,
        text as sentence_text,
        paragraph_index::integer as paragraph_index,
        sentence_index::integer as sentence_index,
        char_start::bigint as char_start,
        char_end::bigint as char_end

    from source

)

select * from renamed
