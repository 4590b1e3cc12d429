{#- The "first mention" rule of every fact: inside a group of mentions, the sentence, evidence and
    offsets come from the earliest mention in the article (by char_start, then match_start, then
    mention_id, so ties resolve the same way on every run). -#}
{% macro first_mention_order() -%}
    char_start, match_start, mention_id
{%- endmacro %}

{#- The first non-null value of ``column`` in the group, in first-mention order. -#}
{% macro first_non_null(column) -%}
    first({{ column }} order by {{ first_mention_order() }}) filter (where {{ column }} is not null)
{%- endmacro %}

{#- Evidence columns of a fact merged from several mentions: first mention's id, sentence,
    evidence and offsets; all mention ids in order; how many mentions. -#}
{% macro first_mention_columns() -%}
        first(mention_id order by {{ first_mention_order() }}) as first_mention_id,
        first(sentence_id order by {{ first_mention_order() }}) as sentence_id,
        first(evidence order by {{ first_mention_order() }}) as evidence,
        first(char_start order by {{ first_mention_order() }}) as char_start,
        first(char_end order by {{ first_mention_order() }}) as char_end,
        first(match_start order by {{ first_mention_order() }}) as match_start,
        first(match_end order by {{ first_mention_order() }}) as match_end,
        array_agg(mention_id order by {{ first_mention_order() }}) as mention_ids,
        count(*) as mention_count
{%- endmacro %}
