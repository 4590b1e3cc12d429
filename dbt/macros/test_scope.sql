{#-
    Data tests on the staging and intermediate views cost what is new.

    A generic data test reads its model through get_where_subquery() (dbt's hook for the `where`
    test config); this project's override also restricts the rows of a staging or intermediate
    *view* with an `article_id` column to the articles in main.dbt_test_scope, which the Dagster
    step writes before an incremental build: the articles of the input batches not yet tested
    (dagster_project/build_state.py, write_test_scope). The ids go into the query as a constant
    list (article_id_in, macros/incremental.sql), which DuckDB pushes down through the views to
    the raw scans, so a test computes the view for those articles only. Without the
    scope table (full refresh, new warehouse, a batch retired) every row is tested, as dbt does.
    Tests on tables (the marts, the seeds) always read every row: a table scan is cheap.
-#}

{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set scope = test_scope_condition(relation) -%}
    {%- if scope and where -%}
        {%- set where = '(' ~ scope ~ ') and (' ~ where ~ ')' -%}
    {%- elif scope -%}
        {%- set where = scope -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{#- The scope condition on article_id for a test of `relation`, or '' (every row). -#}
{% macro test_scope_condition(relation) -%}
    {%- if not execute or relation.schema not in ('staging', 'intermediate') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                     | selectattr('name', 'equalto', relation.identifier) | list -%}
    {%- if not models or 'article_id' not in models[0].columns -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = run_query("select count(*) from duckdb_tables() where database_name = current_database() "
                              ~ "and schema_name = 'main' and table_name = 'dbt_test_scope'") -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set scope = 'select article_id from main.dbt_test_scope' -%}
    {{ return(article_id_in(run_query(scope).columns[0].values(), scope)) }}
{%- endmacro %}
