{#- Trim a text column, collapse inner whitespace (hard-wrapped newswires) and turn '' into null. -#}
{% macro clean_text(column) -%}
    nullif(regexp_replace(trim({{ column }}), '\s+', ' ', 'g'), '')
{%- endmacro %}
