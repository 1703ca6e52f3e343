{#-
    Interval of a difference of two proportions p1 - p2 from their own intervals (Newcombe's
    hybrid score method, 1998, method 10): lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),
    upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2). With Wilson intervals that carry the
    disclosure rounding (wilson_lower_rounded / upper), the gap's interval carries it too.
-#}
{% macro newcombe_gap_lower(p1, l1, u1, p2, l2, u2) -%}
    ({{ p1 }} - {{ p2 }}) - sqrt(({{ p1 }} - {{ l1 }}) ^ 2 + ({{ u2 }} - {{ p2 }}) ^ 2)
{%- endmacro %}

{% macro newcombe_gap_upper(p1, l1, u1, p2, l2, u2) -%}
    ({{ p1 }} - {{ p2 }}) + sqrt(({{ u1 }} - {{ p1 }}) ^ 2 + ({{ p2 }} - {{ l2 }}) ^ 2)
{%- endmacro %}
