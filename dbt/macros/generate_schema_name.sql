{#-
    Use a model's custom schema verbatim (`marts`, not `main_marts`), and the target's
    schema (`main`) for anything without one. Seeds land in `reference` this way too.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
