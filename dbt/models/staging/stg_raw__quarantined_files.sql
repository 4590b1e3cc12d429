-- One row per input record not loaded (kind rejected or duplicate) or loaded with a notice (kind notice).
with source as (

    select * from {{ source('raw', 'quarantined_files') }}

),

renamed as (

    select
        quarantine_id,
        source_path,
        nullif(trim(record_ref), '') as record_ref,
        kind,
        nullif(trim(reason), '') as reason,
        raw_excerpt,
        quarantined_at::timestamptz as quarantined_at

    from source

)

select * from renamed
