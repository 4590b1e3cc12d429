{#-
    Incremental marts by article (dbt-duckdb, incremental_strategy delete+insert on article_id).

    A per-article mart keeps, on each row, `source_fingerprint`: the fingerprint of its article's
    rows in the mart's raw source (bit_xor of DuckDB's hash() of each whole row: order-free), and
    `load_id`: the dbt invocation that built the row. A run rebuilds only the articles whose
    fingerprint differs from the one stored (new or changed rows, `articles_to_build`): the
    delete+insert replaces their rows, and the post-hook `delete_missing_articles` deletes the rows
    of articles no longer in the source (removed files, articles left without mentions).

    The articles to build are found before the model's query runs (one hash pass over the raw
    source, no cleaning) and written into it as a constant `article_id in (...)` list, which DuckDB
    pushes through the staging and intermediate views down to the scans of the raw relations, so
    the views compute the changed articles only. Above `max_listed_articles` (a var, default
    5000) the list stays a subquery (no push-down: the views are computed whole, as on a full
    build). The fingerprints read the raw relations through source(), the one exception to "only
    staging reads sources": hashing needs no cleaning, and the staging regexes would cost as much
    as the build. A change of the dbt code itself is not seen by fingerprints: the Dagster step
    then runs --full-refresh (dagster_project/build_state.py).
-#}

{#- article_id and source_fingerprint (UBIGINT) of every article with rows in `relation` (a relation
    or a parenthesised query), for the rows passing `where` (SQL on article_id); `exclude` lists
    columns left out of the fingerprint (e.g. a long text that article_id stands for). -#}
{% macro article_fingerprints(relation, exclude=[], where='true') -%}
    select
        article_id,
        bit_xor(hash(fingerprinted)) as source_fingerprint
    from (
        select * {%- if exclude %} exclude ({{ exclude | join(', ') }}){% endif %}
        from {{ relation }} as fingerprinted_source
        where {{ where }}
    ) as fingerprinted
    group by article_id
{%- endmacro %}

{#- A SQL condition on article_id selecting the articles this run builds: `true` on a full build;
    else the articles of `relation` whose fingerprint is not among this model's rows (`false` when
    there are none). -#}
{% macro articles_to_build(relation, exclude=[]) -%}
    {%- if not is_incremental() -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set changed -%}
        select article_id from (
            select article_id, source_fingerprint from ({{ article_fingerprints(relation, exclude) }})
            except
            select distinct article_id, source_fingerprint from {{ this }}
        )
    {%- endset -%}
    {%- if not execute -%}
        {{ return('article_id in (' ~ changed ~ ')') }}
    {%- endif -%}
    {{ return(article_id_in(run_query(changed).columns[0].values(), changed)) }}
{%- endmacro %}

{#- A SQL condition on article_id for the article ids `ids` (a list), which `subquery` selects:
    `false` for none; the ids as a constant list, which DuckDB pushes down through views to the
    raw scans, up to the var `max_listed_articles` (default 5000); above, `article_id in (subquery)`. -#}
{% macro article_id_in(ids, subquery) -%}
    {%- if ids | length == 0 -%}
        {{ return('false') }}
    {%- elif ids | length > var('max_listed_articles', 5000) -%}
        {{ return('article_id in (' ~ subquery ~ ')') }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for id in ids -%}
        {%- do quoted.append("'" ~ (id | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ return('article_id in (' ~ quoted | join(', ') ~ ')') }}
{%- endmacro %}

{#- The first CTEs of an incremental per-article mart: `fingerprints` (of the articles built, from
    `source_relation`) and `<name>`: the rows of `relation` for those articles, with their
    source_fingerprint. `to_build` is the condition articles_to_build(source_relation) returned. -#}
{% macro built_articles_ctes(source_relation, relation, name, to_build) -%}
fingerprints as (

    {{ article_fingerprints(source_relation, where=to_build) }}

),

{{ name }} as (

    select {{ name }}.*, fingerprints.source_fingerprint
    from (select * from {{ relation }} where {{ to_build }}) as {{ name }}
    inner join fingerprints on {{ name }}.article_id = fingerprints.article_id

)
{%- endmacro %}

{#- Post-hook: delete this model's rows of articles no longer in `relation` (their source). -#}
{% macro delete_missing_articles(relation) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} as built
    where not exists (select 1 from {{ relation }} as src where src.article_id = built.article_id)
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
