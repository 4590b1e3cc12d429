-- One row per distinct source per article (see int_sources_resolved for coreference).
with sources as (

    select * from {{ ref('int_sources_resolved') }}

),

final as (

    select
        source_id,
        article_id,
        sentence_id,
        source_kind,
        name,
        title,
        affiliation,
        anonymous_count,
        descriptor,
        quote,
        evidence,
        char_start,
        char_end,
        mention_count,
        case
            when source_kind in ('named_person', 'named_organization') and name is not null
                then md5(source_kind || '|' || lower(name))
        end as actor_id

    from sources

)

select * from final
