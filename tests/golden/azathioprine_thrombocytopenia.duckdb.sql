WITH __row /* one row per patient */ AS (
  SELECT
    "id" AS __id, /* the id column */
    "indication" AS __r0, /* azathioprine_thrombocytopenia.guideline:18: input indication */
    "platelets" AS __r1, /* blood_counts.guideline:22: input platelets */
    "anc" AS __r2, /* azathioprine_thrombocytopenia.guideline:27: input anc */
    "platelet_lower_limit" AS __r3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit */
    "anc_lower_limit" AS __r4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit */
    "platelets_before_azathioprine" AS __r5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine */
    "platelet_trend" AS __r6, /* azathioprine_thrombocytopenia.guideline:58: input platelet_trend */
    "azathioprine_status" AS __r7, /* azathioprine_thrombocytopenia.guideline:63: input azathioprine_status */
    "weeks_since_change" AS __r8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change */
    "severe_cytopenia_this_episode" AS __r9, /* azathioprine_thrombocytopenia.guideline:73: input severe_cytopenia_this_episode */
    "months_on_azathioprine" AS __r10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine */
    "bleeding" AS __r11, /* azathioprine_thrombocytopenia.guideline:83: input bleeding */
    "tpmt_phenotype" AS __r12, /* thiopurine_safety.guideline:19: input tpmt_phenotype */
    "nudt15_phenotype" AS __r13, /* thiopurine_safety.guideline:26: input nudt15_phenotype */
    "allopurinol" AS __r14, /* thiopurine_safety.guideline:33: input allopurinol */
    "febuxostat" AS __r15, /* thiopurine_safety.guideline:39: input febuxostat */
    "cirrhosis" AS __r16, /* azathioprine_thrombocytopenia.guideline:89: input cirrhosis */
    "pregnant_or_breastfeeding" AS __r17 /* azathioprine_thrombocytopenia.guideline:94: input pregnant_or_breastfeeding */
  FROM "patients"
), __cell /* the row mapping (compiler.sql.columns) */ AS (
  SELECT
    *,
    NOT __r0 IS NULL AND TRIM(__r0, ' ' || CHR(9) || CHR(13) || CHR(10)) <> '' AS __e0, /* azathioprine_thrombocytopenia.guideline:18: input indication (present) */
    CASE
      WHEN __r0 IN (
        'autoimmune_hepatitis',
        'inflammatory_bowel_disease',
        'immune_thrombocytopenia',
        'other'
      )
      THEN __r0
    END AS __n0, /* azathioprine_thrombocytopenia.guideline:18: input indication (as read) */
    NOT __r1 IS NULL AS __e1, /* blood_counts.guideline:22: input platelets (present) */
    CAST(__r1 AS DOUBLE) AS __n1, /* blood_counts.guideline:22: input platelets (as read) */
    NOT __r2 IS NULL AS __e2, /* azathioprine_thrombocytopenia.guideline:27: input anc (present) */
    CAST(__r2 AS DOUBLE) AS __n2, /* azathioprine_thrombocytopenia.guideline:27: input anc (as read) */
    NOT __r3 IS NULL AS __e3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (present) */
    CAST(__r3 AS DOUBLE) AS __n3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (as read) */
    NOT __r4 IS NULL AS __e4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (present) */
    CAST(__r4 AS DOUBLE) AS __n4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (as read) */
    NOT __r5 IS NULL AS __e5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (present) */
    CAST(__r5 AS DOUBLE) AS __n5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (as read) */
    NOT __r6 IS NULL AND TRIM(__r6, ' ' || CHR(9) || CHR(13) || CHR(10)) <> '' AS __e6, /* azathioprine_thrombocytopenia.guideline:58: input platelet_trend (present) */
    CASE WHEN __r6 IN ('falling', 'stable', 'rising') THEN __r6 END AS __n6, /* azathioprine_thrombocytopenia.guideline:58: input platelet_trend (as read) */
    NOT __r7 IS NULL AND TRIM(__r7, ' ' || CHR(9) || CHR(13) || CHR(10)) <> '' AS __e7, /* azathioprine_thrombocytopenia.guideline:63: input azathioprine_status (present) */
    CASE WHEN __r7 IN ('taking', 'dose_reduced', 'withdrawn') THEN __r7 END AS __n7, /* azathioprine_thrombocytopenia.guideline:63: input azathioprine_status (as read) */
    NOT __r8 IS NULL AS __e8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (present) */
    CAST(__r8 AS DOUBLE) AS __n8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (as read) */
    NOT __r9 IS NULL AS __e9, /* azathioprine_thrombocytopenia.guideline:73: input severe_cytopenia_this_episode (present) */
    __r9 AS __n9, /* azathioprine_thrombocytopenia.guideline:73: input severe_cytopenia_this_episode (as read) */
    NOT __r10 IS NULL AS __e10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (present) */
    CAST(__r10 AS DOUBLE) AS __n10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (as read) */
    NOT __r11 IS NULL AS __e11, /* azathioprine_thrombocytopenia.guideline:83: input bleeding (present) */
    __r11 AS __n11, /* azathioprine_thrombocytopenia.guideline:83: input bleeding (as read) */
    NOT __r12 IS NULL AND TRIM(__r12, ' ' || CHR(9) || CHR(13) || CHR(10)) <> '' AS __e12, /* thiopurine_safety.guideline:19: input tpmt_phenotype (present) */
    CASE
      WHEN __r12 IN (
        'normal_metabolizer',
        'intermediate_metabolizer',
        'possible_intermediate_metabolizer',
        'poor_metabolizer',
        'indeterminate',
        'not_tested'
      )
      THEN __r12
    END AS __n12, /* thiopurine_safety.guideline:19: input tpmt_phenotype (as read) */
    NOT __r13 IS NULL AND TRIM(__r13, ' ' || CHR(9) || CHR(13) || CHR(10)) <> '' AS __e13, /* thiopurine_safety.guideline:26: input nudt15_phenotype (present) */
    CASE
      WHEN __r13 IN (
        'normal_metabolizer',
        'intermediate_metabolizer',
        'possible_intermediate_metabolizer',
        'poor_metabolizer',
        'indeterminate',
        'not_tested'
      )
      THEN __r13
    END AS __n13, /* thiopurine_safety.guideline:26: input nudt15_phenotype (as read) */
    NOT __r14 IS NULL AS __e14, /* thiopurine_safety.guideline:33: input allopurinol (present) */
    __r14 AS __n14, /* thiopurine_safety.guideline:33: input allopurinol (as read) */
    NOT __r15 IS NULL AS __e15, /* thiopurine_safety.guideline:39: input febuxostat (present) */
    __r15 AS __n15, /* thiopurine_safety.guideline:39: input febuxostat (as read) */
    NOT __r16 IS NULL AS __e16, /* azathioprine_thrombocytopenia.guideline:89: input cirrhosis (present) */
    __r16 AS __n16, /* azathioprine_thrombocytopenia.guideline:89: input cirrhosis (as read) */
    NOT __r17 IS NULL AS __e17, /* azathioprine_thrombocytopenia.guideline:94: input pregnant_or_breastfeeding (present) */
    __r17 AS __n17 /* azathioprine_thrombocytopenia.guideline:94: input pregnant_or_breastfeeding (as read) */
  FROM __row
), __number /* numbers in their declared units */ AS (
  SELECT
    *,
    __n1 AS __x1, /* blood_counts.guideline:22: input platelets (in 10*9/L) */
    __n2 AS __x2, /* azathioprine_thrombocytopenia.guideline:27: input anc (in 10*9/L) */
    __n3 AS __x3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (in 10*9/L) */
    __n4 AS __x4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (in 10*9/L) */
    __n5 AS __x5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (in 10*9/L) */
    __n8 AS __x8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (in wk) */
    __n10 AS __x10 /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (in mo) */
  FROM __cell
), __decimals /* how many decimals a problem text shows */ AS (
  SELECT
    *,
    CASE
      WHEN __x1 >= CAST(0 AS DOUBLE) AND __x1 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n1)
      AND ABS(__n1) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x1 < CAST(0 AS DOUBLE)
        OR __x1 > CAST(2000 AS DOUBLE)
        OR ABS(__x1) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n1) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 AS BIGINT) AS DOUBLE) = __n1
        AND __n1 = __n1
        THEN 0
        WHEN ABS(__n1 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(10 AS DOUBLE)
        AND (
          __n1 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n1
        THEN 1
        WHEN ABS(__n1 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(100 AS DOUBLE)
        AND (
          __n1 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n1
        THEN 2
        WHEN ABS(__n1 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(1000 AS DOUBLE)
        AND (
          __n1 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n1
        THEN 3
        WHEN ABS(__n1 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(10000 AS DOUBLE)
        AND (
          __n1 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n1
        THEN 4
        WHEN ABS(__n1 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(100000 AS DOUBLE)
        AND (
          __n1 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n1
        THEN 5
        WHEN ABS(__n1 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n1 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n1 * CAST(1000000 AS DOUBLE)
        AND (
          __n1 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n1
        THEN 6
      END
    END AS __kn1, /* blood_counts.guideline:22: input platelets (decimals shown) */
    CASE
      WHEN __x1 >= CAST(0 AS DOUBLE) AND __x1 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n1)
      AND ABS(__n1) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x1 < CAST(0 AS DOUBLE) OR __x1 > CAST(2000 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x1) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 AS BIGINT) AS DOUBLE) = __x1
        AND __x1 = __x1
        THEN 0
        WHEN ABS(__x1 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(10 AS DOUBLE)
        AND (
          __x1 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x1
        THEN 1
        WHEN ABS(__x1 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(100 AS DOUBLE)
        AND (
          __x1 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x1
        THEN 2
        WHEN ABS(__x1 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(1000 AS DOUBLE)
        AND (
          __x1 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x1
        THEN 3
        WHEN ABS(__x1 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(10000 AS DOUBLE)
        AND (
          __x1 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x1
        THEN 4
        WHEN ABS(__x1 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(100000 AS DOUBLE)
        AND (
          __x1 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x1
        THEN 5
        WHEN ABS(__x1 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x1 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x1 * CAST(1000000 AS DOUBLE)
        AND (
          __x1 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x1
        THEN 6
      END
    END AS __kx1, /* blood_counts.guideline:22: input platelets (decimals shown) */
    CASE
      WHEN __x2 >= CAST(0 AS DOUBLE) AND __x2 <= CAST(100 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n2)
      AND ABS(__n2) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x2 < CAST(0 AS DOUBLE)
        OR __x2 > CAST(100 AS DOUBLE)
        OR ABS(__x2) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n2) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 AS BIGINT) AS DOUBLE) = __n2
        AND __n2 = __n2
        THEN 0
        WHEN ABS(__n2 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(10 AS DOUBLE)
        AND (
          __n2 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n2
        THEN 1
        WHEN ABS(__n2 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(100 AS DOUBLE)
        AND (
          __n2 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n2
        THEN 2
        WHEN ABS(__n2 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(1000 AS DOUBLE)
        AND (
          __n2 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n2
        THEN 3
        WHEN ABS(__n2 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(10000 AS DOUBLE)
        AND (
          __n2 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n2
        THEN 4
        WHEN ABS(__n2 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(100000 AS DOUBLE)
        AND (
          __n2 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n2
        THEN 5
        WHEN ABS(__n2 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n2 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n2 * CAST(1000000 AS DOUBLE)
        AND (
          __n2 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n2
        THEN 6
      END
    END AS __kn2, /* azathioprine_thrombocytopenia.guideline:27: input anc (decimals shown) */
    CASE
      WHEN __x2 >= CAST(0 AS DOUBLE) AND __x2 <= CAST(100 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n2)
      AND ABS(__n2) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x2 < CAST(0 AS DOUBLE) OR __x2 > CAST(100 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x2) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 AS BIGINT) AS DOUBLE) = __x2
        AND __x2 = __x2
        THEN 0
        WHEN ABS(__x2 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(10 AS DOUBLE)
        AND (
          __x2 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x2
        THEN 1
        WHEN ABS(__x2 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(100 AS DOUBLE)
        AND (
          __x2 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x2
        THEN 2
        WHEN ABS(__x2 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(1000 AS DOUBLE)
        AND (
          __x2 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x2
        THEN 3
        WHEN ABS(__x2 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(10000 AS DOUBLE)
        AND (
          __x2 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x2
        THEN 4
        WHEN ABS(__x2 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(100000 AS DOUBLE)
        AND (
          __x2 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x2
        THEN 5
        WHEN ABS(__x2 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x2 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x2 * CAST(1000000 AS DOUBLE)
        AND (
          __x2 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x2
        THEN 6
      END
    END AS __kx2, /* azathioprine_thrombocytopenia.guideline:27: input anc (decimals shown) */
    CASE
      WHEN __x3 >= CAST(100 AS DOUBLE) AND __x3 <= CAST(200 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n3)
      AND ABS(__n3) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x3 < CAST(100 AS DOUBLE)
        OR __x3 > CAST(200 AS DOUBLE)
        OR ABS(__x3) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n3) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 AS BIGINT) AS DOUBLE) = __n3
        AND __n3 = __n3
        THEN 0
        WHEN ABS(__n3 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(10 AS DOUBLE)
        AND (
          __n3 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n3
        THEN 1
        WHEN ABS(__n3 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(100 AS DOUBLE)
        AND (
          __n3 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n3
        THEN 2
        WHEN ABS(__n3 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(1000 AS DOUBLE)
        AND (
          __n3 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n3
        THEN 3
        WHEN ABS(__n3 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(10000 AS DOUBLE)
        AND (
          __n3 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n3
        THEN 4
        WHEN ABS(__n3 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(100000 AS DOUBLE)
        AND (
          __n3 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n3
        THEN 5
        WHEN ABS(__n3 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n3 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n3 * CAST(1000000 AS DOUBLE)
        AND (
          __n3 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n3
        THEN 6
      END
    END AS __kn3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (decimals shown) */
    CASE
      WHEN __x3 >= CAST(100 AS DOUBLE) AND __x3 <= CAST(200 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n3)
      AND ABS(__n3) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x3 < CAST(100 AS DOUBLE) OR __x3 > CAST(200 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x3) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 AS BIGINT) AS DOUBLE) = __x3
        AND __x3 = __x3
        THEN 0
        WHEN ABS(__x3 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(10 AS DOUBLE)
        AND (
          __x3 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x3
        THEN 1
        WHEN ABS(__x3 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(100 AS DOUBLE)
        AND (
          __x3 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x3
        THEN 2
        WHEN ABS(__x3 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(1000 AS DOUBLE)
        AND (
          __x3 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x3
        THEN 3
        WHEN ABS(__x3 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(10000 AS DOUBLE)
        AND (
          __x3 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x3
        THEN 4
        WHEN ABS(__x3 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(100000 AS DOUBLE)
        AND (
          __x3 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x3
        THEN 5
        WHEN ABS(__x3 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x3 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x3 * CAST(1000000 AS DOUBLE)
        AND (
          __x3 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x3
        THEN 6
      END
    END AS __kx3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (decimals shown) */
    CASE
      WHEN __x4 >= CAST(1 AS DOUBLE) AND __x4 <= CAST(2.5 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n4)
      AND ABS(__n4) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x4 < CAST(1 AS DOUBLE)
        OR __x4 > CAST(2.5 AS DOUBLE)
        OR ABS(__x4) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n4) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 AS BIGINT) AS DOUBLE) = __n4
        AND __n4 = __n4
        THEN 0
        WHEN ABS(__n4 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(10 AS DOUBLE)
        AND (
          __n4 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n4
        THEN 1
        WHEN ABS(__n4 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(100 AS DOUBLE)
        AND (
          __n4 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n4
        THEN 2
        WHEN ABS(__n4 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(1000 AS DOUBLE)
        AND (
          __n4 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n4
        THEN 3
        WHEN ABS(__n4 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(10000 AS DOUBLE)
        AND (
          __n4 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n4
        THEN 4
        WHEN ABS(__n4 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(100000 AS DOUBLE)
        AND (
          __n4 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n4
        THEN 5
        WHEN ABS(__n4 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n4 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n4 * CAST(1000000 AS DOUBLE)
        AND (
          __n4 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n4
        THEN 6
      END
    END AS __kn4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (decimals shown) */
    CASE
      WHEN __x4 >= CAST(1 AS DOUBLE) AND __x4 <= CAST(2.5 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n4)
      AND ABS(__n4) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x4 < CAST(1 AS DOUBLE) OR __x4 > CAST(2.5 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x4) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 AS BIGINT) AS DOUBLE) = __x4
        AND __x4 = __x4
        THEN 0
        WHEN ABS(__x4 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(10 AS DOUBLE)
        AND (
          __x4 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x4
        THEN 1
        WHEN ABS(__x4 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(100 AS DOUBLE)
        AND (
          __x4 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x4
        THEN 2
        WHEN ABS(__x4 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(1000 AS DOUBLE)
        AND (
          __x4 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x4
        THEN 3
        WHEN ABS(__x4 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(10000 AS DOUBLE)
        AND (
          __x4 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x4
        THEN 4
        WHEN ABS(__x4 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(100000 AS DOUBLE)
        AND (
          __x4 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x4
        THEN 5
        WHEN ABS(__x4 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x4 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x4 * CAST(1000000 AS DOUBLE)
        AND (
          __x4 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x4
        THEN 6
      END
    END AS __kx4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (decimals shown) */
    CASE
      WHEN __x5 >= CAST(0 AS DOUBLE) AND __x5 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n5)
      AND ABS(__n5) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x5 < CAST(0 AS DOUBLE)
        OR __x5 > CAST(2000 AS DOUBLE)
        OR ABS(__x5) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n5) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 AS BIGINT) AS DOUBLE) = __n5
        AND __n5 = __n5
        THEN 0
        WHEN ABS(__n5 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(10 AS DOUBLE)
        AND (
          __n5 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n5
        THEN 1
        WHEN ABS(__n5 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(100 AS DOUBLE)
        AND (
          __n5 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n5
        THEN 2
        WHEN ABS(__n5 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(1000 AS DOUBLE)
        AND (
          __n5 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n5
        THEN 3
        WHEN ABS(__n5 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(10000 AS DOUBLE)
        AND (
          __n5 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n5
        THEN 4
        WHEN ABS(__n5 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(100000 AS DOUBLE)
        AND (
          __n5 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n5
        THEN 5
        WHEN ABS(__n5 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n5 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n5 * CAST(1000000 AS DOUBLE)
        AND (
          __n5 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n5
        THEN 6
      END
    END AS __kn5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (decimals shown) */
    CASE
      WHEN __x5 >= CAST(0 AS DOUBLE) AND __x5 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n5)
      AND ABS(__n5) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x5 < CAST(0 AS DOUBLE) OR __x5 > CAST(2000 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x5) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 AS BIGINT) AS DOUBLE) = __x5
        AND __x5 = __x5
        THEN 0
        WHEN ABS(__x5 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(10 AS DOUBLE)
        AND (
          __x5 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x5
        THEN 1
        WHEN ABS(__x5 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(100 AS DOUBLE)
        AND (
          __x5 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x5
        THEN 2
        WHEN ABS(__x5 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(1000 AS DOUBLE)
        AND (
          __x5 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x5
        THEN 3
        WHEN ABS(__x5 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(10000 AS DOUBLE)
        AND (
          __x5 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x5
        THEN 4
        WHEN ABS(__x5 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(100000 AS DOUBLE)
        AND (
          __x5 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x5
        THEN 5
        WHEN ABS(__x5 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x5 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x5 * CAST(1000000 AS DOUBLE)
        AND (
          __x5 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x5
        THEN 6
      END
    END AS __kx5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (decimals shown) */
    CASE
      WHEN __x8 >= CAST(0 AS DOUBLE) AND __x8 <= CAST(520 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n8)
      AND ABS(__n8) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x8 < CAST(0 AS DOUBLE)
        OR __x8 > CAST(520 AS DOUBLE)
        OR ABS(__x8) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n8) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 AS BIGINT) AS DOUBLE) = __n8
        AND __n8 = __n8
        THEN 0
        WHEN ABS(__n8 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(10 AS DOUBLE)
        AND (
          __n8 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n8
        THEN 1
        WHEN ABS(__n8 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(100 AS DOUBLE)
        AND (
          __n8 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n8
        THEN 2
        WHEN ABS(__n8 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(1000 AS DOUBLE)
        AND (
          __n8 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n8
        THEN 3
        WHEN ABS(__n8 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(10000 AS DOUBLE)
        AND (
          __n8 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n8
        THEN 4
        WHEN ABS(__n8 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(100000 AS DOUBLE)
        AND (
          __n8 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n8
        THEN 5
        WHEN ABS(__n8 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n8 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n8 * CAST(1000000 AS DOUBLE)
        AND (
          __n8 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n8
        THEN 6
      END
    END AS __kn8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (decimals shown) */
    CASE
      WHEN __x8 >= CAST(0 AS DOUBLE) AND __x8 <= CAST(520 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n8)
      AND ABS(__n8) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x8 < CAST(0 AS DOUBLE) OR __x8 > CAST(520 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x8) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 AS BIGINT) AS DOUBLE) = __x8
        AND __x8 = __x8
        THEN 0
        WHEN ABS(__x8 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(10 AS DOUBLE)
        AND (
          __x8 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x8
        THEN 1
        WHEN ABS(__x8 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(100 AS DOUBLE)
        AND (
          __x8 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x8
        THEN 2
        WHEN ABS(__x8 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(1000 AS DOUBLE)
        AND (
          __x8 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x8
        THEN 3
        WHEN ABS(__x8 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(10000 AS DOUBLE)
        AND (
          __x8 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x8
        THEN 4
        WHEN ABS(__x8 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(100000 AS DOUBLE)
        AND (
          __x8 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x8
        THEN 5
        WHEN ABS(__x8 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x8 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x8 * CAST(1000000 AS DOUBLE)
        AND (
          __x8 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x8
        THEN 6
      END
    END AS __kx8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (decimals shown) */
    CASE
      WHEN __x10 >= CAST(0 AS DOUBLE) AND __x10 <= CAST(600 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n10)
      AND ABS(__n10) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x10 < CAST(0 AS DOUBLE)
        OR __x10 > CAST(600 AS DOUBLE)
        OR ABS(__x10) > CAST(1.7976931348623157e+308 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__n10) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 AS BIGINT) AS DOUBLE) = __n10
        AND __n10 = __n10
        THEN 0
        WHEN ABS(__n10 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(10 AS DOUBLE)
        AND (
          __n10 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __n10
        THEN 1
        WHEN ABS(__n10 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(100 AS DOUBLE)
        AND (
          __n10 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __n10
        THEN 2
        WHEN ABS(__n10 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(1000 AS DOUBLE)
        AND (
          __n10 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __n10
        THEN 3
        WHEN ABS(__n10 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(10000 AS DOUBLE)
        AND (
          __n10 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __n10
        THEN 4
        WHEN ABS(__n10 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(100000 AS DOUBLE)
        AND (
          __n10 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __n10
        THEN 5
        WHEN ABS(__n10 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__n10 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __n10 * CAST(1000000 AS DOUBLE)
        AND (
          __n10 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __n10
        THEN 6
      END
    END AS __kn10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (decimals shown) */
    CASE
      WHEN __x10 >= CAST(0 AS DOUBLE) AND __x10 <= CAST(600 AS DOUBLE)
      THEN NULL
      WHEN NOT ISNAN(__n10)
      AND ABS(__n10) <= CAST(1.7976931348623157e+308 AS DOUBLE)
      AND (
        __x10 < CAST(0 AS DOUBLE) OR __x10 > CAST(600 AS DOUBLE)
      )
      THEN CASE
        WHEN ABS(__x10) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 AS BIGINT) AS DOUBLE) = __x10
        AND __x10 = __x10
        THEN 0
        WHEN ABS(__x10 * CAST(10 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(10 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(10 AS DOUBLE)
        AND (
          __x10 * CAST(10 AS DOUBLE)
        ) / CAST(10 AS DOUBLE) = __x10
        THEN 1
        WHEN ABS(__x10 * CAST(100 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(100 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(100 AS DOUBLE)
        AND (
          __x10 * CAST(100 AS DOUBLE)
        ) / CAST(100 AS DOUBLE) = __x10
        THEN 2
        WHEN ABS(__x10 * CAST(1000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(1000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(1000 AS DOUBLE)
        AND (
          __x10 * CAST(1000 AS DOUBLE)
        ) / CAST(1000 AS DOUBLE) = __x10
        THEN 3
        WHEN ABS(__x10 * CAST(10000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(10000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(10000 AS DOUBLE)
        AND (
          __x10 * CAST(10000 AS DOUBLE)
        ) / CAST(10000 AS DOUBLE) = __x10
        THEN 4
        WHEN ABS(__x10 * CAST(100000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(100000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(100000 AS DOUBLE)
        AND (
          __x10 * CAST(100000 AS DOUBLE)
        ) / CAST(100000 AS DOUBLE) = __x10
        THEN 5
        WHEN ABS(__x10 * CAST(1000000 AS DOUBLE)) < CAST(1e+16 AS DOUBLE)
        AND CAST(TRY_CAST(__x10 * CAST(1000000 AS DOUBLE) AS BIGINT) AS DOUBLE) = __x10 * CAST(1000000 AS DOUBLE)
        AND (
          __x10 * CAST(1000000 AS DOUBLE)
        ) / CAST(1000000 AS DOUBLE) = __x10
        THEN 6
      END
    END AS __kx10 /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (decimals shown) */
  FROM __number
), __digits /* the digits a problem text shows */ AS (
  SELECT
    *,
    CASE
      WHEN __kn1 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n1 * CASE __kn1
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn1
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n1 * CASE __kn1
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn1 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n1 * CASE __kn1
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an1, /* blood_counts.guideline:22: input platelets */
    CASE
      WHEN __kx1 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x1 * CASE __kx1
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx1
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x1 * CASE __kx1
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx1 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x1 * CASE __kx1
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax1, /* blood_counts.guideline:22: input platelets */
    CASE
      WHEN __kn2 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n2 * CASE __kn2
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn2
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n2 * CASE __kn2
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn2 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n2 * CASE __kn2
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an2, /* azathioprine_thrombocytopenia.guideline:27: input anc */
    CASE
      WHEN __kx2 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x2 * CASE __kx2
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx2
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x2 * CASE __kx2
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx2 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x2 * CASE __kx2
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax2, /* azathioprine_thrombocytopenia.guideline:27: input anc */
    CASE
      WHEN __kn3 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n3 * CASE __kn3
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn3
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n3 * CASE __kn3
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn3 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n3 * CASE __kn3
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit */
    CASE
      WHEN __kx3 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x3 * CASE __kx3
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx3
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x3 * CASE __kx3
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx3 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x3 * CASE __kx3
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit */
    CASE
      WHEN __kn4 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n4 * CASE __kn4
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn4
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n4 * CASE __kn4
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn4 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n4 * CASE __kn4
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit */
    CASE
      WHEN __kx4 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x4 * CASE __kx4
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx4
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x4 * CASE __kx4
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx4 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x4 * CASE __kx4
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit */
    CASE
      WHEN __kn5 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n5 * CASE __kn5
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn5
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n5 * CASE __kn5
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn5 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n5 * CASE __kn5
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine */
    CASE
      WHEN __kx5 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x5 * CASE __kx5
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx5
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x5 * CASE __kx5
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx5 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x5 * CASE __kx5
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine */
    CASE
      WHEN __kn8 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n8 * CASE __kn8
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn8
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n8 * CASE __kn8
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn8 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n8 * CASE __kn8
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change */
    CASE
      WHEN __kx8 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x8 * CASE __kx8
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx8
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x8 * CASE __kx8
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx8 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x8 * CASE __kx8
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change */
    CASE
      WHEN __kn10 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__n10 * CASE __kn10
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kn10
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__n10 * CASE __kn10
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kn10 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__n10 * CASE __kn10
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __an10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine */
    CASE
      WHEN __kx10 IS NULL
      THEN NULL
      WHEN LENGTH(
        CAST(ABS(
          TRY_CAST(__x10 * CASE __kx10
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT)
      ) <= __kx10
      THEN LPAD(
        CAST(ABS(
          TRY_CAST(__x10 * CASE __kx10
            WHEN 0
            THEN CAST(1 AS DOUBLE)
            WHEN 1
            THEN CAST(10 AS DOUBLE)
            WHEN 2
            THEN CAST(100 AS DOUBLE)
            WHEN 3
            THEN CAST(1000 AS DOUBLE)
            WHEN 4
            THEN CAST(10000 AS DOUBLE)
            WHEN 5
            THEN CAST(100000 AS DOUBLE)
            WHEN 6
            THEN CAST(1000000 AS DOUBLE)
          END AS BIGINT)
        ) AS TEXT),
        __kx10 + 1,
        '0'
      )
      ELSE CAST(ABS(
        TRY_CAST(__x10 * CASE __kx10
          WHEN 0
          THEN CAST(1 AS DOUBLE)
          WHEN 1
          THEN CAST(10 AS DOUBLE)
          WHEN 2
          THEN CAST(100 AS DOUBLE)
          WHEN 3
          THEN CAST(1000 AS DOUBLE)
          WHEN 4
          THEN CAST(10000 AS DOUBLE)
          WHEN 5
          THEN CAST(100000 AS DOUBLE)
          WHEN 6
          THEN CAST(1000000 AS DOUBLE)
        END AS BIGINT)
      ) AS TEXT)
    END AS __ax10 /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine */
  FROM __decimals
), __input /* input validation (dsl.validation) */ AS (
  SELECT
    *,
    __n0 AS __v0, /* azathioprine_thrombocytopenia.guideline:18: input indication */
    CASE
      WHEN NOT __e0
      THEN NULL
      WHEN NOT __n0 IS NULL
      THEN NULL
      WHEN __n0 IS NULL
      THEN (
        '''' || REPLACE(
          REPLACE(
            CASE WHEN LENGTH(__r0) <= 60 THEN __r0 ELSE SUBSTRING(__r0, 1, 57) || '...' END,
            '\',
            '\\'
          ),
          '''',
          '\'''
        ) || ''''
      ) || ' is not one of autoimmune_hepatitis, inflammatory_bowel_disease, immune_thrombocytopenia, other' || CASE
        WHEN NOT (
          REGEXP_EXTRACT(__r0, '^[ -~]*') = __r0
        )
        THEN ''
        ELSE CASE
          WHEN LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') <= 6
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') >= LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') <= 7
            )
            OR LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') >= LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'other') <= 1
            )
            OR LEVENSHTEIN(LOWER(__r0), 'other') >= LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis')
          )
          THEN ' (did you mean ''autoimmune_hepatitis''?)'
          WHEN LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') <= 8
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') > LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') <= 7
            )
            OR LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') >= LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'other') <= 1
            )
            OR LEVENSHTEIN(LOWER(__r0), 'other') >= LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease')
          )
          THEN ' (did you mean ''inflammatory_bowel_disease''?)'
          WHEN LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') <= 7
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') > LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') > LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'other') <= 1
            )
            OR LEVENSHTEIN(LOWER(__r0), 'other') >= LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia')
          )
          THEN ' (did you mean ''immune_thrombocytopenia''?)'
          WHEN LEVENSHTEIN(LOWER(__r0), 'other') <= 1
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r0), 'autoimmune_hepatitis') > LEVENSHTEIN(LOWER(__r0), 'other')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r0), 'inflammatory_bowel_disease') > LEVENSHTEIN(LOWER(__r0), 'other')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') <= 7
            )
            OR LEVENSHTEIN(LOWER(__r0), 'immune_thrombocytopenia') > LEVENSHTEIN(LOWER(__r0), 'other')
          )
          THEN ' (did you mean ''other''?)'
          ELSE ''
        END
      END
    END AS __p0, /* azathioprine_thrombocytopenia.guideline:18: input indication (problem) */
    __x1 AS __v1, /* blood_counts.guideline:22: input platelets */
    CASE
      WHEN NOT __e1
      THEN NULL
      WHEN __n1 >= CAST(0 AS DOUBLE) AND __n1 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n1)
      THEN 'expected a number, got NaN'
      WHEN __n1 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n1 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x1 >= CAST(0 AS DOUBLE) AND __x1 <= CAST(2000 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx1 IS NULL
        THEN (
          CASE WHEN __x1 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax1, 1, LENGTH(__ax1) - __kx1) || CASE
            WHEN __kx1 > 0
            THEN '.' || SUBSTRING(__ax1, LENGTH(__ax1) - __kx1 + 1)
            ELSE ''
          END
        ) || ' ' || '10*9/L'
        ELSE CASE
          WHEN __x1 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x1 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || '10*9/L'
      END || ' is outside the range 0 to 2000 10*9/L'
    END AS __p1, /* blood_counts.guideline:22: input platelets (problem) */
    __x2 AS __v2, /* azathioprine_thrombocytopenia.guideline:27: input anc */
    CASE
      WHEN NOT __e2
      THEN NULL
      WHEN __n2 >= CAST(0 AS DOUBLE) AND __n2 <= CAST(100 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n2)
      THEN 'expected a number, got NaN'
      WHEN __n2 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n2 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x2 >= CAST(0 AS DOUBLE) AND __x2 <= CAST(100 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx2 IS NULL
        THEN (
          CASE WHEN __x2 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax2, 1, LENGTH(__ax2) - __kx2) || CASE
            WHEN __kx2 > 0
            THEN '.' || SUBSTRING(__ax2, LENGTH(__ax2) - __kx2 + 1)
            ELSE ''
          END
        ) || ' ' || '10*9/L'
        ELSE CASE
          WHEN __x2 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x2 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || '10*9/L'
      END || ' is outside the range 0 to 100 10*9/L'
    END AS __p2, /* azathioprine_thrombocytopenia.guideline:27: input anc (problem) */
    CASE WHEN NOT __e3 THEN CAST(150 AS DOUBLE) ELSE __x3 END AS __v3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit */
    CASE
      WHEN NOT __e3
      THEN NULL
      WHEN __n3 >= CAST(100 AS DOUBLE) AND __n3 <= CAST(200 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n3)
      THEN 'expected a number, got NaN'
      WHEN __n3 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n3 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x3 >= CAST(100 AS DOUBLE) AND __x3 <= CAST(200 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx3 IS NULL
        THEN (
          CASE WHEN __x3 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax3, 1, LENGTH(__ax3) - __kx3) || CASE
            WHEN __kx3 > 0
            THEN '.' || SUBSTRING(__ax3, LENGTH(__ax3) - __kx3 + 1)
            ELSE ''
          END
        ) || ' ' || '10*9/L'
        ELSE CASE
          WHEN __x3 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x3 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || '10*9/L'
      END || ' is outside the range 100 to 200 10*9/L'
    END AS __p3, /* azathioprine_thrombocytopenia.guideline:35: input platelet_lower_limit (problem) */
    CASE WHEN NOT __e4 THEN CAST(1.5 AS DOUBLE) ELSE __x4 END AS __v4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit */
    CASE
      WHEN NOT __e4
      THEN NULL
      WHEN __n4 >= CAST(1 AS DOUBLE) AND __n4 <= CAST(2.5 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n4)
      THEN 'expected a number, got NaN'
      WHEN __n4 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n4 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x4 >= CAST(1 AS DOUBLE) AND __x4 <= CAST(2.5 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx4 IS NULL
        THEN (
          CASE WHEN __x4 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax4, 1, LENGTH(__ax4) - __kx4) || CASE
            WHEN __kx4 > 0
            THEN '.' || SUBSTRING(__ax4, LENGTH(__ax4) - __kx4 + 1)
            ELSE ''
          END
        ) || ' ' || '10*9/L'
        ELSE CASE
          WHEN __x4 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x4 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || '10*9/L'
      END || ' is outside the range 1 to 2.5 10*9/L'
    END AS __p4, /* azathioprine_thrombocytopenia.guideline:43: input anc_lower_limit (problem) */
    __x5 AS __v5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine */
    CASE
      WHEN NOT __e5
      THEN NULL
      WHEN __n5 >= CAST(0 AS DOUBLE) AND __n5 <= CAST(2000 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n5)
      THEN 'expected a number, got NaN'
      WHEN __n5 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n5 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x5 >= CAST(0 AS DOUBLE) AND __x5 <= CAST(2000 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx5 IS NULL
        THEN (
          CASE WHEN __x5 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax5, 1, LENGTH(__ax5) - __kx5) || CASE
            WHEN __kx5 > 0
            THEN '.' || SUBSTRING(__ax5, LENGTH(__ax5) - __kx5 + 1)
            ELSE ''
          END
        ) || ' ' || '10*9/L'
        ELSE CASE
          WHEN __x5 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x5 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || '10*9/L'
      END || ' is outside the range 0 to 2000 10*9/L'
    END AS __p5, /* azathioprine_thrombocytopenia.guideline:51: input platelets_before_azathioprine (problem) */
    __n6 AS __v6, /* azathioprine_thrombocytopenia.guideline:58: input platelet_trend */
    CASE
      WHEN NOT __e6
      THEN NULL
      WHEN NOT __n6 IS NULL
      THEN NULL
      WHEN __n6 IS NULL
      THEN (
        '''' || REPLACE(
          REPLACE(
            CASE WHEN LENGTH(__r6) <= 60 THEN __r6 ELSE SUBSTRING(__r6, 1, 57) || '...' END,
            '\',
            '\\'
          ),
          '''',
          '\'''
        ) || ''''
      ) || ' is not one of falling, stable, rising' || CASE
        WHEN NOT (
          REGEXP_EXTRACT(__r6, '^[ -~]*') = __r6
        )
        THEN ''
        ELSE CASE
          WHEN LEVENSHTEIN(LOWER(__r6), 'falling') <= 2
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'stable') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'stable') >= LEVENSHTEIN(LOWER(__r6), 'falling')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'rising') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'rising') >= LEVENSHTEIN(LOWER(__r6), 'falling')
          )
          THEN ' (did you mean ''falling''?)'
          WHEN LEVENSHTEIN(LOWER(__r6), 'stable') <= 2
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'falling') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'falling') > LEVENSHTEIN(LOWER(__r6), 'stable')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'rising') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'rising') >= LEVENSHTEIN(LOWER(__r6), 'stable')
          )
          THEN ' (did you mean ''stable''?)'
          WHEN LEVENSHTEIN(LOWER(__r6), 'rising') <= 2
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'falling') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'falling') > LEVENSHTEIN(LOWER(__r6), 'rising')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r6), 'stable') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r6), 'stable') > LEVENSHTEIN(LOWER(__r6), 'rising')
          )
          THEN ' (did you mean ''rising''?)'
          ELSE ''
        END
      END
    END AS __p6, /* azathioprine_thrombocytopenia.guideline:58: input platelet_trend (problem) */
    __n7 AS __v7, /* azathioprine_thrombocytopenia.guideline:63: input azathioprine_status */
    CASE
      WHEN NOT __e7
      THEN NULL
      WHEN NOT __n7 IS NULL
      THEN NULL
      WHEN __n7 IS NULL
      THEN (
        '''' || REPLACE(
          REPLACE(
            CASE WHEN LENGTH(__r7) <= 60 THEN __r7 ELSE SUBSTRING(__r7, 1, 57) || '...' END,
            '\',
            '\\'
          ),
          '''',
          '\'''
        ) || ''''
      ) || ' is not one of taking, dose_reduced, withdrawn' || CASE
        WHEN NOT (
          REGEXP_EXTRACT(__r7, '^[ -~]*') = __r7
        )
        THEN ''
        ELSE CASE
          WHEN LEVENSHTEIN(LOWER(__r7), 'taking') <= 2
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'dose_reduced') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r7), 'dose_reduced') >= LEVENSHTEIN(LOWER(__r7), 'taking')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'withdrawn') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r7), 'withdrawn') >= LEVENSHTEIN(LOWER(__r7), 'taking')
          )
          THEN ' (did you mean ''taking''?)'
          WHEN LEVENSHTEIN(LOWER(__r7), 'dose_reduced') <= 4
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'taking') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r7), 'taking') > LEVENSHTEIN(LOWER(__r7), 'dose_reduced')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'withdrawn') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r7), 'withdrawn') >= LEVENSHTEIN(LOWER(__r7), 'dose_reduced')
          )
          THEN ' (did you mean ''dose_reduced''?)'
          WHEN LEVENSHTEIN(LOWER(__r7), 'withdrawn') <= 3
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'taking') <= 2
            )
            OR LEVENSHTEIN(LOWER(__r7), 'taking') > LEVENSHTEIN(LOWER(__r7), 'withdrawn')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r7), 'dose_reduced') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r7), 'dose_reduced') > LEVENSHTEIN(LOWER(__r7), 'withdrawn')
          )
          THEN ' (did you mean ''withdrawn''?)'
          ELSE ''
        END
      END
    END AS __p7, /* azathioprine_thrombocytopenia.guideline:63: input azathioprine_status (problem) */
    __x8 AS __v8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change */
    CASE
      WHEN NOT __e8
      THEN NULL
      WHEN __n8 >= CAST(0 AS DOUBLE) AND __n8 <= CAST(520 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n8)
      THEN 'expected a number, got NaN'
      WHEN __n8 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n8 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x8 >= CAST(0 AS DOUBLE) AND __x8 <= CAST(520 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx8 IS NULL
        THEN (
          CASE WHEN __x8 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax8, 1, LENGTH(__ax8) - __kx8) || CASE
            WHEN __kx8 > 0
            THEN '.' || SUBSTRING(__ax8, LENGTH(__ax8) - __kx8 + 1)
            ELSE ''
          END
        ) || ' ' || 'wk'
        ELSE CASE
          WHEN __x8 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x8 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || 'wk'
      END || ' is outside the range 0 to 520 wk'
    END AS __p8, /* azathioprine_thrombocytopenia.guideline:68: input weeks_since_change (problem) */
    __n9 AS __v9, /* azathioprine_thrombocytopenia.guideline:73: input severe_cytopenia_this_episode */
    CASE WHEN NOT __e9 THEN NULL WHEN NOT __n9 IS NULL THEN NULL END AS __p9, /* azathioprine_thrombocytopenia.guideline:73: input severe_cytopenia_this_episode (problem) */
    __x10 AS __v10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine */
    CASE
      WHEN NOT __e10
      THEN NULL
      WHEN __n10 >= CAST(0 AS DOUBLE) AND __n10 <= CAST(600 AS DOUBLE)
      THEN NULL
      WHEN ISNAN(__n10)
      THEN 'expected a number, got NaN'
      WHEN __n10 > CAST(1.7976931348623157e+308 AS DOUBLE)
      THEN 'expected a finite number, got infinity'
      WHEN __n10 < CAST(-1.7976931348623157E+308 AS DOUBLE)
      THEN 'expected a finite number, got -infinity'
      WHEN NOT (
        __x10 >= CAST(0 AS DOUBLE) AND __x10 <= CAST(600 AS DOUBLE)
      )
      THEN CASE
        WHEN NOT __kx10 IS NULL
        THEN (
          CASE WHEN __x10 < CAST(0 AS DOUBLE) THEN '-' ELSE '' END || SUBSTRING(__ax10, 1, LENGTH(__ax10) - __kx10) || CASE
            WHEN __kx10 > 0
            THEN '.' || SUBSTRING(__ax10, LENGTH(__ax10) - __kx10 + 1)
            ELSE ''
          END
        ) || ' ' || 'mo'
        ELSE CASE
          WHEN __x10 >= CAST(1e+16 AS DOUBLE)
          THEN 'a number of 10^16 or more'
          WHEN __x10 <= CAST(-1E+16 AS DOUBLE)
          THEN 'a number of -10^16 or less'
          ELSE 'a number with more than six decimals'
        END || ' in ' || 'mo'
      END || ' is outside the range 0 to 600 mo'
    END AS __p10, /* azathioprine_thrombocytopenia.guideline:77: input months_on_azathioprine (problem) */
    __n11 AS __v11, /* azathioprine_thrombocytopenia.guideline:83: input bleeding */
    CASE WHEN NOT __e11 THEN NULL WHEN NOT __n11 IS NULL THEN NULL END AS __p11, /* azathioprine_thrombocytopenia.guideline:83: input bleeding (problem) */
    __n12 AS __v12, /* thiopurine_safety.guideline:19: input tpmt_phenotype */
    CASE
      WHEN NOT __e12
      THEN NULL
      WHEN NOT __n12 IS NULL
      THEN NULL
      WHEN __n12 IS NULL
      THEN (
        '''' || REPLACE(
          REPLACE(
            CASE WHEN LENGTH(__r12) <= 60 THEN __r12 ELSE SUBSTRING(__r12, 1, 57) || '...' END,
            '\',
            '\\'
          ),
          '''',
          '\'''
        ) || ''''
      ) || ' is not one of normal_metabolizer, intermediate_metabolizer, possible_intermediate_metabolizer, poor_metabolizer, indeterminate, not_tested' || CASE
        WHEN NOT (
          REGEXP_EXTRACT(__r12, '^[ -~]*') = __r12
        )
        THEN ''
        ELSE CASE
          WHEN LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r12), 'indeterminate') >= LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r12), 'not_tested') >= LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer')
          )
          THEN ' (did you mean ''normal_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r12), 'indeterminate') >= LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r12), 'not_tested') >= LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer')
          )
          THEN ' (did you mean ''intermediate_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r12), 'indeterminate') >= LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r12), 'not_tested') >= LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer')
          )
          THEN ' (did you mean ''possible_intermediate_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r12), 'indeterminate') >= LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r12), 'not_tested') >= LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer')
          )
          THEN ' (did you mean ''poor_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r12), 'not_tested') >= LEVENSHTEIN(LOWER(__r12), 'indeterminate')
          )
          THEN ' (did you mean ''indeterminate''?)'
          WHEN LEVENSHTEIN(LOWER(__r12), 'not_tested') <= 3
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r12), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r12), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r12), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r12), 'poor_metabolizer') > LEVENSHTEIN(LOWER(__r12), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r12), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r12), 'indeterminate') > LEVENSHTEIN(LOWER(__r12), 'not_tested')
          )
          THEN ' (did you mean ''not_tested''?)'
          ELSE ''
        END
      END
    END AS __p12, /* thiopurine_safety.guideline:19: input tpmt_phenotype (problem) */
    __n13 AS __v13, /* thiopurine_safety.guideline:26: input nudt15_phenotype */
    CASE
      WHEN NOT __e13
      THEN NULL
      WHEN NOT __n13 IS NULL
      THEN NULL
      WHEN __n13 IS NULL
      THEN (
        '''' || REPLACE(
          REPLACE(
            CASE WHEN LENGTH(__r13) <= 60 THEN __r13 ELSE SUBSTRING(__r13, 1, 57) || '...' END,
            '\',
            '\\'
          ),
          '''',
          '\'''
        ) || ''''
      ) || ' is not one of normal_metabolizer, intermediate_metabolizer, possible_intermediate_metabolizer, poor_metabolizer, indeterminate, not_tested' || CASE
        WHEN NOT (
          REGEXP_EXTRACT(__r13, '^[ -~]*') = __r13
        )
        THEN ''
        ELSE CASE
          WHEN LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r13), 'indeterminate') >= LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r13), 'not_tested') >= LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer')
          )
          THEN ' (did you mean ''normal_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r13), 'indeterminate') >= LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r13), 'not_tested') >= LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer')
          )
          THEN ' (did you mean ''intermediate_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') >= LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r13), 'indeterminate') >= LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r13), 'not_tested') >= LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer')
          )
          THEN ' (did you mean ''possible_intermediate_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r13), 'indeterminate') >= LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r13), 'not_tested') >= LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer')
          )
          THEN ' (did you mean ''poor_metabolizer''?)'
          WHEN LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'indeterminate')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
            )
            OR LEVENSHTEIN(LOWER(__r13), 'not_tested') >= LEVENSHTEIN(LOWER(__r13), 'indeterminate')
          )
          THEN ' (did you mean ''indeterminate''?)'
          WHEN LEVENSHTEIN(LOWER(__r13), 'not_tested') <= 3
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') <= 6
            )
            OR LEVENSHTEIN(LOWER(__r13), 'normal_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') <= 8
            )
            OR LEVENSHTEIN(LOWER(__r13), 'intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') <= 11
            )
            OR LEVENSHTEIN(LOWER(__r13), 'possible_intermediate_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') <= 5
            )
            OR LEVENSHTEIN(LOWER(__r13), 'poor_metabolizer') > LEVENSHTEIN(LOWER(__r13), 'not_tested')
          )
          AND (
            NOT (
              LEVENSHTEIN(LOWER(__r13), 'indeterminate') <= 4
            )
            OR LEVENSHTEIN(LOWER(__r13), 'indeterminate') > LEVENSHTEIN(LOWER(__r13), 'not_tested')
          )
          THEN ' (did you mean ''not_tested''?)'
          ELSE ''
        END
      END
    END AS __p13, /* thiopurine_safety.guideline:26: input nudt15_phenotype (problem) */
    __n14 AS __v14, /* thiopurine_safety.guideline:33: input allopurinol */
    CASE WHEN NOT __e14 THEN NULL WHEN NOT __n14 IS NULL THEN NULL END AS __p14, /* thiopurine_safety.guideline:33: input allopurinol (problem) */
    __n15 AS __v15, /* thiopurine_safety.guideline:39: input febuxostat */
    CASE WHEN NOT __e15 THEN NULL WHEN NOT __n15 IS NULL THEN NULL END AS __p15, /* thiopurine_safety.guideline:39: input febuxostat (problem) */
    __n16 AS __v16, /* azathioprine_thrombocytopenia.guideline:89: input cirrhosis */
    CASE WHEN NOT __e16 THEN NULL WHEN NOT __n16 IS NULL THEN NULL END AS __p16, /* azathioprine_thrombocytopenia.guideline:89: input cirrhosis (problem) */
    __n17 AS __v17, /* azathioprine_thrombocytopenia.guideline:94: input pregnant_or_breastfeeding */
    CASE WHEN NOT __e17 THEN NULL WHEN NOT __n17 IS NULL THEN NULL END AS __p17 /* azathioprine_thrombocytopenia.guideline:94: input pregnant_or_breastfeeding (problem) */
  FROM __digits
), __definitions_0 /* definitions */ AS (
  SELECT
    *,
    __v1 < CAST(50 AS DOUBLE) OR __v2 < CAST(1 AS DOUBLE) AS __d0, /* azathioprine_thrombocytopenia.guideline:108: define severe */
    COALESCE(
      CASE
        WHEN __v3 IS NULL OR __v5 IS NULL
        THEN CAST(NULL AS DOUBLE)
        ELSE CASE WHEN __v5 < __v3 THEN __v5 ELSE __v3 END
      END,
      __v3
    ) AS __d1, /* azathioprine_thrombocytopenia.guideline:113: define platelet_reference */
    __v2 < __v4 AS __d3, /* azathioprine_thrombocytopenia.guideline:118: define anc_below_range */
    __v12 = 'poor_metabolizer' OR __v13 = 'poor_metabolizer' AS __d5, /* azathioprine_thrombocytopenia.guideline:122: define poor_metabolizer */
    __v10 < CAST(4 AS DOUBLE) AS __d6, /* azathioprine_thrombocytopenia.guideline:125: define too_early_to_judge */
    __v1 >= CAST(30 AS DOUBLE)
    AND CASE
      WHEN __v1 IS NULL OR (
        CAST(2 AS DOUBLE) * __v5
      ) IS NULL
      THEN CAST(NULL AS BOOLEAN)
      WHEN ISNAN(CAST(2 AS DOUBLE) * __v5)
      THEN FALSE
      ELSE __v1 >= (
        CAST(2 AS DOUBLE) * __v5
      )
    END
    AND NOT __v11 AS __d7 /* azathioprine_thrombocytopenia.guideline:129: define itp_response */
  FROM __input
), __definitions_1 /* definitions */ AS (
  SELECT
    *,
    __v1 < __d1 AS __d2, /* azathioprine_thrombocytopenia.guideline:116: define platelets_below_range */
    __v1 >= CASE
      WHEN CAST(50 AS DOUBLE) IS NULL OR __d1 IS NULL
      THEN CAST(NULL AS DOUBLE)
      ELSE CASE WHEN __d1 > CAST(50 AS DOUBLE) THEN __d1 ELSE CAST(50 AS DOUBLE) END
    END
    AND __v2 >= __v4 AS __d4 /* azathioprine_thrombocytopenia.guideline:120: define recovered */
  FROM __definitions_0
), __condition /* every decision's branches and every check's lines */ AS (
  SELECT
    *,
    __v0 = 'immune_thrombocytopenia' AS __c0, /* azathioprine_thrombocytopenia.guideline:139: condition */
    __v7 = 'withdrawn' AS __c1, /* azathioprine_thrombocytopenia.guideline:144: condition */
    __d0 AS __c2, /* azathioprine_thrombocytopenia.guideline:145: condition */
    __d5 AS __c3, /* azathioprine_thrombocytopenia.guideline:146: condition */
    __v7 = 'dose_reduced' AS __c4, /* azathioprine_thrombocytopenia.guideline:147: condition */
    __d4 AND __v9 = TRUE AS __c5, /* azathioprine_thrombocytopenia.guideline:152: condition */
    __d4 AS __c6, /* azathioprine_thrombocytopenia.guideline:153: condition */
    __v8 >= CAST(2 AS DOUBLE) AS __c7, /* azathioprine_thrombocytopenia.guideline:154: condition */
    __d4 AS __c8, /* azathioprine_thrombocytopenia.guideline:199: condition */
    __v6 = 'falling' OR __v8 >= CAST(4 AS DOUBLE) AS __c9, /* azathioprine_thrombocytopenia.guideline:200: condition */
    __d2 AS __c10, /* azathioprine_thrombocytopenia.guideline:221: condition */
    __d3 AS __c11, /* azathioprine_thrombocytopenia.guideline:222: condition */
    __v6 = 'falling' AS __c12, /* azathioprine_thrombocytopenia.guideline:223: condition */
    __v0 = 'autoimmune_hepatitis' AND __v17 = FALSE AS __c13, /* azathioprine_thrombocytopenia.guideline:253: condition */
    __v7 = 'withdrawn' AS __c14, /* azathioprine_thrombocytopenia.guideline:266: condition */
    __v2 < CAST(1 AS DOUBLE) AS __c15, /* azathioprine_thrombocytopenia.guideline:267: condition */
    __d5 AS __c16, /* azathioprine_thrombocytopenia.guideline:268: condition */
    __v11 = TRUE OR __v1 < CAST(30 AS DOUBLE) AS __c17, /* azathioprine_thrombocytopenia.guideline:296: condition */
    __d6 AS __c18, /* azathioprine_thrombocytopenia.guideline:306: condition */
    __d6 AS __c19, /* azathioprine_thrombocytopenia.guideline:311: condition */
    __d7 AS __c20, /* azathioprine_thrombocytopenia.guideline:312: condition */
    __v6 = 'falling' AS __c21, /* azathioprine_thrombocytopenia.guideline:323: condition */
    __v12 = 'not_tested' OR __v13 = 'not_tested' AS __c22, /* azathioprine_thrombocytopenia.guideline:350: condition */
    __v12 = 'intermediate_metabolizer'
    OR __v12 = 'possible_intermediate_metabolizer'
    OR __v13 = 'intermediate_metabolizer'
    OR __v13 = 'possible_intermediate_metabolizer' AS __c23, /* azathioprine_thrombocytopenia.guideline:353: condition */
    __v14 = TRUE AS __c24, /* azathioprine_thrombocytopenia.guideline:356: condition */
    __v15 = TRUE AS __c25, /* azathioprine_thrombocytopenia.guideline:359: condition */
    __v17 = TRUE AS __c26, /* azathioprine_thrombocytopenia.guideline:362: condition */
    __v0 = 'autoimmune_hepatitis' AND __v16 IS NULL AS __c27, /* azathioprine_thrombocytopenia.guideline:366: condition */
    __v0 = 'autoimmune_hepatitis' AND __v16 = TRUE AS __c28 /* azathioprine_thrombocytopenia.guideline:367: condition */
  FROM __definitions_1
), __outcome /* outcomes: the branch taken, or -1 when unknown */ AS (
  SELECT
    *,
    CASE WHEN __c0 IS NULL THEN -1 WHEN __c0 THEN 0 ELSE 1 END AS __o0, /* azathioprine_thrombocytopenia.guideline:138: decision indication_route */
    CASE
      WHEN __c1 IS NULL
      THEN -1
      WHEN __c1
      THEN 0
      WHEN __c2 IS NULL
      THEN -1
      WHEN __c2
      THEN 1
      WHEN __c3 IS NULL
      THEN -1
      WHEN __c3
      THEN 2
      WHEN __c4 IS NULL
      THEN -1
      WHEN __c4
      THEN 3
      ELSE 4
    END AS __o1, /* azathioprine_thrombocytopenia.guideline:143: decision drug_toxicity */
    CASE
      WHEN __c5 IS NULL
      THEN -1
      WHEN __c5
      THEN 0
      WHEN __c6 IS NULL
      THEN -1
      WHEN __c6
      THEN 1
      WHEN __c7 IS NULL
      THEN -1
      WHEN __c7
      THEN 2
      ELSE 3
    END AS __o2, /* azathioprine_thrombocytopenia.guideline:151: decision withdrawn_review */
    CASE
      WHEN __c8 IS NULL
      THEN -1
      WHEN __c8
      THEN 0
      WHEN __c9 IS NULL
      THEN -1
      WHEN __c9
      THEN 1
      ELSE 2
    END AS __o9, /* azathioprine_thrombocytopenia.guideline:198: decision dose_reduced_review */
    CASE
      WHEN __c10 IS NULL
      THEN -1
      WHEN __c10
      THEN 0
      WHEN __c11 IS NULL
      THEN -1
      WHEN __c11
      THEN 1
      WHEN __c12 IS NULL
      THEN -1
      WHEN __c12
      THEN 2
      ELSE 3
    END AS __o13, /* azathioprine_thrombocytopenia.guideline:220: decision taking_review */
    CASE WHEN __c13 IS NULL THEN -1 WHEN __c13 THEN 0 ELSE 1 END AS __o18, /* azathioprine_thrombocytopenia.guideline:252: decision alternative_therapy */
    CASE
      WHEN __c14 IS NULL
      THEN -1
      WHEN __c14
      THEN 0
      WHEN __c15 IS NULL
      THEN -1
      WHEN __c15
      THEN 1
      WHEN __c16 IS NULL
      THEN -1
      WHEN __c16
      THEN 2
      ELSE 3
    END AS __o21, /* azathioprine_thrombocytopenia.guideline:265: decision itp_review */
    CASE WHEN __c17 IS NULL THEN -1 WHEN __c17 THEN 0 ELSE 1 END AS __o25, /* azathioprine_thrombocytopenia.guideline:295: decision itp_bleeding_review */
    CASE WHEN __c18 IS NULL THEN -1 WHEN __c18 THEN 0 ELSE 1 END AS __o27, /* azathioprine_thrombocytopenia.guideline:305: decision itp_urgent_response_review */
    CASE
      WHEN __c19 IS NULL
      THEN -1
      WHEN __c19
      THEN 0
      WHEN __c20 IS NULL
      THEN -1
      WHEN __c20
      THEN 1
      ELSE 2
    END AS __o28, /* azathioprine_thrombocytopenia.guideline:310: decision itp_response_review */
    CASE WHEN __c21 IS NULL THEN -1 WHEN __c21 THEN 0 ELSE 1 END AS __o30, /* azathioprine_thrombocytopenia.guideline:322: decision itp_trend_review */
    CASE WHEN __c22 IS NULL THEN -1 WHEN __c22 THEN 0 ELSE 1 END AS __k0, /* azathioprine_thrombocytopenia.guideline:349: check genotype_testing */
    CASE WHEN __c23 IS NULL THEN -1 WHEN __c23 THEN 0 ELSE 1 END AS __k1, /* azathioprine_thrombocytopenia.guideline:352: check intermediate_metabolizer_dosing */
    CASE WHEN __c24 IS NULL THEN -1 WHEN __c24 THEN 0 ELSE 1 END AS __k2, /* azathioprine_thrombocytopenia.guideline:355: check allopurinol_co_prescription */
    CASE WHEN __c25 IS NULL THEN -1 WHEN __c25 THEN 0 ELSE 1 END AS __k3, /* azathioprine_thrombocytopenia.guideline:358: check febuxostat_co_prescription */
    CASE WHEN __c26 IS NULL THEN -1 WHEN __c26 THEN 0 ELSE 1 END AS __k4, /* azathioprine_thrombocytopenia.guideline:361: check pregnancy_review */
    CASE
      WHEN __c27 IS NULL
      THEN -1
      WHEN __c27
      THEN 0
      WHEN __c28 IS NULL
      THEN -1
      WHEN __c28
      THEN 1
      ELSE 2
    END AS __k5, /* azathioprine_thrombocytopenia.guideline:365: check liver_status */
    NOT __p0 IS NULL
    OR NOT __p1 IS NULL
    OR NOT __p2 IS NULL
    OR NOT __p3 IS NULL
    OR NOT __p4 IS NULL
    OR NOT __p5 IS NULL
    OR NOT __p6 IS NULL
    OR NOT __p7 IS NULL
    OR NOT __p8 IS NULL
    OR NOT __p9 IS NULL
    OR NOT __p10 IS NULL
    OR NOT __p11 IS NULL
    OR NOT __p12 IS NULL
    OR NOT __p13 IS NULL
    OR NOT __p14 IS NULL
    OR NOT __p15 IS NULL
    OR NOT __p16 IS NULL
    OR NOT __p17 IS NULL AS __bad /* an input has a problem */
  FROM __condition
), __steps_0 /* the steps the walk reaches */ AS (
  SELECT
    *,
    TRUE AS __s0 /* azathioprine_thrombocytopenia.guideline:138: decision indication_route */
  FROM __outcome
), __steps_1 /* the steps the walk reaches */ AS (
  SELECT
    *,
    (
      __s0 AND __o0 = 1
    ) AS __s1, /* azathioprine_thrombocytopenia.guideline:143: decision drug_toxicity */
    (
      __s0 AND __o0 = 0
    ) AS __s21 /* azathioprine_thrombocytopenia.guideline:265: decision itp_review */
  FROM __steps_0
), __steps_2 /* the steps the walk reaches */ AS (
  SELECT
    *,
    (
      __s1 AND __o1 = 0
    ) AS __s2, /* azathioprine_thrombocytopenia.guideline:151: decision withdrawn_review */
    (
      __s1 AND __o1 = 1
    ) AS __s7, /* azathioprine_thrombocytopenia.guideline:182: action withdraw_now */
    (
      __s1 AND __o1 = 2
    ) AS __s8, /* azathioprine_thrombocytopenia.guideline:191: action poor_metabolizer_switch */
    (
      __s1 AND __o1 = 3
    ) AS __s9, /* azathioprine_thrombocytopenia.guideline:198: decision dose_reduced_review */
    (
      __s1 AND __o1 = 4
    ) AS __s13, /* azathioprine_thrombocytopenia.guideline:220: decision taking_review */
    (
      __s21 AND __o21 = 0
    ) AS __s22, /* azathioprine_thrombocytopenia.guideline:272: action itp_withdrawn */
    (
      __s21 AND __o21 = 1
    ) AS __s23, /* azathioprine_thrombocytopenia.guideline:279: action itp_myelotoxicity */
    (
      __s21 AND __o21 = 2
    ) AS __s24, /* azathioprine_thrombocytopenia.guideline:288: action itp_poor_metabolizer */
    (
      __s21 AND __o21 = 3
    ) AS __s25 /* azathioprine_thrombocytopenia.guideline:295: decision itp_bleeding_review */
  FROM __steps_1
), __steps_3 /* the steps the walk reaches */ AS (
  SELECT
    *,
    (
      __s2 AND __o2 = 0
    ) AS __s3, /* azathioprine_thrombocytopenia.guideline:157: action withdrawn_recovered_after_severe */
    (
      __s2 AND __o2 = 1
    ) AS __s4, /* azathioprine_thrombocytopenia.guideline:162: action withdrawn_recovered */
    (
      __s2 AND __o2 = 2
    ) AS __s5, /* azathioprine_thrombocytopenia.guideline:169: action withdrawn_not_recovered */
    (
      __s2 AND __o2 = 3
    ) AS __s6, /* azathioprine_thrombocytopenia.guideline:176: action withdrawn_early */
    (
      __s9 AND __o9 = 0
    ) AS __s10, /* azathioprine_thrombocytopenia.guideline:203: action reduced_dose_recovered */
    (
      __s9 AND __o9 = 1
    ) AS __s11, /* azathioprine_thrombocytopenia.guideline:208: action reduced_dose_failing */
    (
      __s9 AND __o9 = 2
    ) AS __s12, /* azathioprine_thrombocytopenia.guideline:214: action reduced_dose_waiting */
    (
      __s13 AND __o13 = 0
    ) AS __s14, /* azathioprine_thrombocytopenia.guideline:226: action mild_thrombocytopenia */
    (
      __s13 AND __o13 = 1
    ) AS __s15, /* azathioprine_thrombocytopenia.guideline:234: action low_neutrophils */
    (
      __s13 AND __o13 = 2
    ) AS __s16, /* azathioprine_thrombocytopenia.guideline:239: action falling_platelets */
    (
      __s13 AND __o13 = 3
    ) AS __s17, /* azathioprine_thrombocytopenia.guideline:245: action counts_in_range */
    (
      __s25 AND __o25 = 0
    ) AS __s26, /* azathioprine_thrombocytopenia.guideline:299: action itp_urgent_review */
    (
      __s25 AND __o25 = 1
    ) AS __s28 /* azathioprine_thrombocytopenia.guideline:310: decision itp_response_review */
  FROM __steps_2
), __steps_4 /* the steps the walk reaches */ AS (
  SELECT
    *,
    __s3 OR __s5 OR __s7 OR __s8 AS __s18, /* azathioprine_thrombocytopenia.guideline:252: decision alternative_therapy */
    __s26 AS __s27, /* azathioprine_thrombocytopenia.guideline:305: decision itp_urgent_response_review */
    (
      __s28 AND __o28 = 1
    ) AS __s30 /* azathioprine_thrombocytopenia.guideline:322: decision itp_trend_review */
  FROM __steps_3
), __steps_5 /* the steps the walk reaches */ AS (
  SELECT
    *,
    (
      __s18 AND __o18 = 0
    ) AS __s19, /* azathioprine_thrombocytopenia.guideline:256: action mycophenolate_alternative */
    (
      __s18 AND __o18 = 1
    ) AS __s20, /* azathioprine_thrombocytopenia.guideline:260: action other_alternative */
    (
      __s27 AND __o27 = 0
    ) OR (
      __s28 AND __o28 = 0
    ) AS __s29, /* azathioprine_thrombocytopenia.guideline:315: action itp_too_early */
    (
      __s30 AND __o30 = 0
    ) AS __s31, /* azathioprine_thrombocytopenia.guideline:326: action itp_losing_response */
    (
      __s30 AND __o30 = 1
    ) AS __s32, /* azathioprine_thrombocytopenia.guideline:332: action itp_responding */
    (
      __s27 AND __o27 = 1
    ) OR (
      __s28 AND __o28 = 2
    ) AS __s33 /* azathioprine_thrombocytopenia.guideline:338: action itp_no_response */
  FROM __steps_4
), __route /* the route the walk takes (numbered) */ AS (
  SELECT
    *,
    CASE WHEN __s0 THEN CASE __o0 WHEN 0 THEN 1 WHEN 1 THEN 15 ELSE 0 END ELSE 0 END + CASE
      WHEN __s1
      THEN CASE __o1
        WHEN 0
        THEN 1
        WHEN 1
        THEN 10
        WHEN 2
        THEN 13
        WHEN 3
        THEN 16
        WHEN 4
        THEN 20
        ELSE 0
      END
      ELSE 0
    END + CASE
      WHEN __s2
      THEN CASE __o2 WHEN 0 THEN 1 WHEN 1 THEN 4 WHEN 2 THEN 5 WHEN 3 THEN 8 ELSE 0 END
      ELSE 0
    END + CASE
      WHEN __s9
      THEN CASE __o9 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 0 END
      ELSE 0
    END + CASE
      WHEN __s13
      THEN CASE __o13 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 ELSE 0 END
      ELSE 0
    END + CASE WHEN __s18 THEN CASE __o18 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 0 END ELSE 0 END + CASE
      WHEN __s21
      THEN CASE __o21 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 ELSE 0 END
      ELSE 0
    END + CASE WHEN __s25 THEN CASE __o25 WHEN 0 THEN 1 WHEN 1 THEN 4 ELSE 0 END ELSE 0 END + CASE WHEN __s27 THEN CASE __o27 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 0 END ELSE 0 END + CASE
      WHEN __s28
      THEN CASE __o28 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 5 ELSE 0 END
      ELSE 0
    END + CASE WHEN __s30 THEN CASE __o30 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 0 END ELSE 0 END AS __route /* azathioprine_thrombocytopenia.guideline:138: the route from the start */
  FROM __steps_5
)
/* azathioprine_thrombocytopenia.guideline: guideline azathioprine-thrombocytopenia 1.0.0 */
SELECT
  __id AS "id",
  CASE
    WHEN __bad
    THEN 'invalid_input'
    WHEN (
      __s0 AND __o0 = -1
    )
    OR (
      __s1 AND __o1 = -1
    )
    OR (
      __s2 AND __o2 = -1
    )
    OR (
      __s9 AND __o9 = -1
    )
    OR (
      __s13 AND __o13 = -1
    )
    OR (
      __s18 AND __o18 = -1
    )
    OR (
      __s21 AND __o21 = -1
    )
    OR (
      __s25 AND __o25 = -1
    )
    OR (
      __s27 AND __o27 = -1
    )
    OR (
      __s28 AND __o28 = -1
    )
    OR (
      __s30 AND __o30 = -1
    )
    OR __k0 = -1
    OR __k1 = -1
    OR __k2 = -1
    OR __k3 = -1
    OR __k4 = -1
    OR __k5 = -1
    THEN 'needs_data'
    ELSE 'complete'
  END AS status, /* invalid_input, needs_data or complete */
  CASE
    WHEN __bad
    THEN CAST([] AS TEXT[])
    ELSE FLATTEN(
      [
        [
          CAST([] AS TEXT[]),
          CAST([] AS TEXT[]),
          [
            'keep_azathioprine_stopped',
            'cbc_weekly_until_recovery',
            'hematology_comanagement'
          ],
          [
            'withdraw_azathioprine',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'itp_consider_second_line_alternative'
          ],
          [
            'switch_from_azathioprine',
            'itp_consider_second_line_alternative',
            'hematology_comanagement'
          ],
          CAST([] AS TEXT[]),
          ['itp_urgent_hematology_review'],
          [
            'itp_urgent_hematology_review',
            'continue_azathioprine',
            'itp_response_not_yet_assessable',
            'increase_cbc_monitoring'
          ],
          [
            'itp_urgent_hematology_review',
            'switch_from_azathioprine',
            'itp_consider_second_line_alternative',
            'hematology_comanagement'
          ],
          CAST([] AS TEXT[]),
          [
            'continue_azathioprine',
            'itp_response_not_yet_assessable',
            'increase_cbc_monitoring'
          ],
          CAST([] AS TEXT[]),
          ['continue_azathioprine', 'hematology_comanagement', 'increase_cbc_monitoring'],
          ['continue_azathioprine', 'routine_cbc_monitoring'],
          [
            'switch_from_azathioprine',
            'itp_consider_second_line_alternative',
            'hematology_comanagement'
          ],
          CAST([] AS TEXT[]),
          CAST([] AS TEXT[]),
          ['keep_azathioprine_stopped', 'do_not_rechallenge'],
          ['keep_azathioprine_stopped', 'do_not_rechallenge', 'switch_to_mycophenolate'],
          [
            'keep_azathioprine_stopped',
            'do_not_rechallenge',
            'consider_alternative_immunosuppressant'
          ],
          ['reintroduce_at_reduced_dose', 'increase_cbc_monitoring'],
          [
            'keep_azathioprine_stopped',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery'
          ],
          [
            'keep_azathioprine_stopped',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'switch_to_mycophenolate'
          ],
          [
            'keep_azathioprine_stopped',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'consider_alternative_immunosuppressant'
          ],
          ['keep_azathioprine_stopped', 'cbc_weekly_until_recovery'],
          [
            'withdraw_azathioprine',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'consider_other_causes'
          ],
          [
            'withdraw_azathioprine',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'consider_other_causes',
            'switch_to_mycophenolate'
          ],
          [
            'withdraw_azathioprine',
            'do_not_rechallenge',
            'hematology_comanagement',
            'cbc_weekly_until_recovery',
            'consider_other_causes',
            'consider_alternative_immunosuppressant'
          ],
          ['switch_from_azathioprine', 'increase_cbc_monitoring'],
          ['switch_from_azathioprine', 'increase_cbc_monitoring', 'switch_to_mycophenolate'],
          [
            'switch_from_azathioprine',
            'increase_cbc_monitoring',
            'consider_alternative_immunosuppressant'
          ],
          CAST([] AS TEXT[]),
          ['continue_reduced_dose', 'increase_cbc_monitoring'],
          ['withdraw_azathioprine', 'hematology_comanagement', 'cbc_weekly_until_recovery'],
          ['continue_reduced_dose', 'cbc_weekly_until_recovery'],
          CAST([] AS TEXT[]),
          [
            'reduce_azathioprine_dose',
            'increase_cbc_monitoring',
            'watch_for_pancytopenia',
            'consider_other_causes'
          ],
          ['consider_dose_reduction', 'increase_cbc_monitoring'],
          ['consider_dose_reduction', 'increase_cbc_monitoring'],
          ['continue_azathioprine', 'routine_cbc_monitoring']
        ][__route + 1],
        [CAST([] AS TEXT[]), ['test_tpmt_nudt15'], CAST([] AS TEXT[])][__k0 + 2],
        [CAST([] AS TEXT[]), ['intermediate_metabolizer_dose'], CAST([] AS TEXT[])][__k1 + 2],
        [CAST([] AS TEXT[]), ['allopurinol_interaction'], CAST([] AS TEXT[])][__k2 + 2],
        [CAST([] AS TEXT[]), ['febuxostat_contraindicated'], CAST([] AS TEXT[])][__k3 + 2],
        [CAST([] AS TEXT[]), ['pregnancy_specialist_review'], CAST([] AS TEXT[])][__k4 + 2],
        [
          CAST([] AS TEXT[]),
          ['assess_liver_status'],
          ['cirrhosis_risk'],
          CAST([] AS TEXT[])
        ][__k5 + 2]
      ]
    )
  END AS recommendations, /* in the order added, each once */
  CASE
    WHEN __bad
    THEN CAST([] AS TEXT[])
    WHEN (
      __s0 AND __o0 = -1
    )
    OR (
      __s1 AND __o1 = -1
    )
    OR (
      __s2 AND __o2 = -1
    )
    OR (
      __s9 AND __o9 = -1
    )
    OR (
      __s13 AND __o13 = -1
    )
    OR (
      __s18 AND __o18 = -1
    )
    OR (
      __s21 AND __o21 = -1
    )
    OR (
      __s25 AND __o25 = -1
    )
    OR (
      __s27 AND __o27 = -1
    )
    OR (
      __s28 AND __o28 = -1
    )
    OR (
      __s30 AND __o30 = -1
    )
    OR __k0 = -1
    OR __k1 = -1
    OR __k2 = -1
    OR __k3 = -1
    OR __k4 = -1
    OR __k5 = -1
    THEN LIST_FILTER(
      [
        CASE
          WHEN (
            __k2 = -1 AND (
              (
                __c24 IS NULL AND __v14 IS NULL
              )
            )
          )
          THEN 'allopurinol'
        END,
        CASE
          WHEN (
            __s1
            AND __o1 = -1
            AND (
              (
                NOT COALESCE(__c1, FALSE)
                AND __c2 IS NULL
                AND (
                  (
                    __v2 IS NULL AND __v2 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL
                AND (
                  (
                    __d4 IS NULL
                    AND (
                      (
                        (
                          __v2 IS NULL OR __v4 IS NULL
                        ) AND __v2 IS NULL
                      )
                    )
                  )
                )
              )
              OR (
                NOT COALESCE(__c5, FALSE)
                AND __c6 IS NULL
                AND (
                  (
                    (
                      __v2 IS NULL OR __v4 IS NULL
                    ) AND __v2 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                __c8 IS NULL
                AND (
                  (
                    (
                      __v2 IS NULL OR __v4 IS NULL
                    ) AND __v2 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s13
            AND __o13 = -1
            AND (
              (
                NOT COALESCE(__c10, FALSE) AND __c11 IS NULL AND __v2 IS NULL
              )
            )
          )
          OR (
            __s21
            AND __o21 = -1
            AND (
              (
                NOT COALESCE(__c14, FALSE) AND __c15 IS NULL AND __v2 IS NULL
              )
            )
          )
          THEN 'anc'
        END,
        CASE
          WHEN (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL
                AND (
                  (
                    __d4 IS NULL
                    AND (
                      (
                        (
                          __v2 IS NULL OR __v4 IS NULL
                        ) AND __v4 IS NULL
                      )
                    )
                  )
                )
              )
              OR (
                NOT COALESCE(__c5, FALSE)
                AND __c6 IS NULL
                AND (
                  (
                    (
                      __v2 IS NULL OR __v4 IS NULL
                    ) AND __v4 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                __c8 IS NULL
                AND (
                  (
                    (
                      __v2 IS NULL OR __v4 IS NULL
                    ) AND __v4 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s13
            AND __o13 = -1
            AND (
              (
                NOT COALESCE(__c10, FALSE) AND __c11 IS NULL AND __v4 IS NULL
              )
            )
          )
          THEN 'anc_lower_limit'
        END,
        CASE
          WHEN (
            __s1
            AND __o1 = -1
            AND (
              (
                __c1 IS NULL AND __v7 IS NULL
              )
              OR (
                NOT COALESCE(__c1, FALSE)
                AND NOT COALESCE(__c2, FALSE)
                AND NOT COALESCE(__c3, FALSE)
                AND __c4 IS NULL
                AND __v7 IS NULL
              )
            )
          )
          OR (
            __s21 AND __o21 = -1 AND (
              (
                __c14 IS NULL AND __v7 IS NULL
              )
            )
          )
          THEN 'azathioprine_status'
        END,
        CASE
          WHEN (
            __s25
            AND __o25 = -1
            AND (
              (
                __c17 IS NULL AND (
                  (
                    __v11 IS NULL AND __v11 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s28
            AND __o28 = -1
            AND (
              (
                NOT COALESCE(__c19, FALSE)
                AND __c20 IS NULL
                AND (
                  (
                    __v11 IS NULL AND __v11 IS NULL
                  )
                )
              )
            )
          )
          THEN 'bleeding'
        END,
        CASE
          WHEN (
            __k5 = -1
            AND (
              (
                NOT COALESCE(__c27, FALSE)
                AND __c28 IS NULL
                AND (
                  (
                    __v16 IS NULL AND __v16 IS NULL
                  )
                )
              )
            )
            AND NOT (
              (
                __c27 IS NULL AND (
                  (
                    __v0 IS NULL AND __v0 IS NULL
                  )
                )
              )
              OR (
                NOT COALESCE(__c27, FALSE)
                AND __c28 IS NULL
                AND (
                  (
                    __v0 IS NULL AND __v0 IS NULL
                  )
                )
              )
            )
          )
          THEN 'cirrhosis'
        END,
        CASE
          WHEN (
            __k3 = -1 AND (
              (
                __c25 IS NULL AND __v15 IS NULL
              )
            )
          )
          THEN 'febuxostat'
        END,
        CASE
          WHEN (
            __s0 AND __o0 = -1 AND (
              (
                __c0 IS NULL AND __v0 IS NULL
              )
            )
          )
          OR (
            __s18
            AND __o18 = -1
            AND (
              (
                __c13 IS NULL AND (
                  (
                    __v0 IS NULL AND __v0 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k5 = -1
            AND (
              (
                __c27 IS NULL AND (
                  (
                    __v0 IS NULL AND __v0 IS NULL
                  )
                )
              )
              OR (
                NOT COALESCE(__c27, FALSE)
                AND __c28 IS NULL
                AND (
                  (
                    __v0 IS NULL AND __v0 IS NULL
                  )
                )
              )
            )
          )
          THEN 'indication'
        END,
        CASE
          WHEN (
            __s27 AND __o27 = -1 AND (
              (
                __c18 IS NULL AND __v10 IS NULL
              )
            )
          )
          OR (
            __s28 AND __o28 = -1 AND (
              (
                __c19 IS NULL AND __v10 IS NULL
              )
            )
          )
          THEN 'months_on_azathioprine'
        END,
        CASE
          WHEN (
            __s1
            AND __o1 = -1
            AND (
              (
                NOT COALESCE(__c1, FALSE)
                AND NOT COALESCE(__c2, FALSE)
                AND __c3 IS NULL
                AND (
                  (
                    __v13 IS NULL AND __v13 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s21
            AND __o21 = -1
            AND (
              (
                NOT COALESCE(__c14, FALSE)
                AND NOT COALESCE(__c15, FALSE)
                AND __c16 IS NULL
                AND (
                  (
                    __v13 IS NULL AND __v13 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k0 = -1
            AND (
              (
                __c22 IS NULL AND (
                  (
                    __v13 IS NULL AND __v13 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k1 = -1
            AND (
              (
                __c23 IS NULL
                AND (
                  (
                    __v13 IS NULL AND __v13 IS NULL
                  ) OR (
                    __v13 IS NULL AND __v13 IS NULL
                  )
                )
              )
            )
          )
          THEN 'nudt15_phenotype'
        END,
        CASE
          WHEN (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL
                AND (
                  (
                    __d4 IS NULL
                    AND (
                      (
                        (
                          __v1 IS NULL OR __d1 IS NULL
                        )
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                __d1 IS NULL
                                AND (
                                  (
                                    (
                                      __v3 IS NULL OR __v5 IS NULL
                                    ) AND __v3 IS NULL
                                  ) OR __v3 IS NULL
                                )
                              )
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
              OR (
                NOT COALESCE(__c5, FALSE)
                AND __c6 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    )
                    AND (
                      (
                        __d1 IS NULL
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                (
                                  __v3 IS NULL OR __v5 IS NULL
                                ) AND __v3 IS NULL
                              ) OR __v3 IS NULL
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                __c8 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    )
                    AND (
                      (
                        __d1 IS NULL
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                (
                                  __v3 IS NULL OR __v5 IS NULL
                                ) AND __v3 IS NULL
                              ) OR __v3 IS NULL
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
            )
          )
          OR (
            __s13
            AND __o13 = -1
            AND (
              (
                __c10 IS NULL
                AND (
                  (
                    __d1 IS NULL
                    AND (
                      (
                        (
                          __v3 IS NULL OR __v5 IS NULL
                        ) AND __v3 IS NULL
                      ) OR __v3 IS NULL
                    )
                  )
                )
              )
            )
          )
          THEN 'platelet_lower_limit'
        END,
        CASE
          WHEN (
            __s9
            AND __o9 = -1
            AND (
              (
                NOT COALESCE(__c8, FALSE)
                AND __c9 IS NULL
                AND (
                  (
                    __v6 IS NULL AND __v6 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s13
            AND __o13 = -1
            AND (
              (
                NOT COALESCE(__c10, FALSE)
                AND NOT COALESCE(__c11, FALSE)
                AND __c12 IS NULL
                AND __v6 IS NULL
              )
            )
          )
          OR (
            __s30 AND __o30 = -1 AND (
              (
                __c21 IS NULL AND __v6 IS NULL
              )
            )
          )
          THEN 'platelet_trend'
        END,
        CASE
          WHEN (
            __s1
            AND __o1 = -1
            AND (
              (
                NOT COALESCE(__c1, FALSE)
                AND __c2 IS NULL
                AND (
                  (
                    __v1 IS NULL AND __v1 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL
                AND (
                  (
                    __d4 IS NULL
                    AND (
                      (
                        (
                          __v1 IS NULL OR __d1 IS NULL
                        ) AND __v1 IS NULL
                      )
                    )
                  )
                )
              )
              OR (
                NOT COALESCE(__c5, FALSE)
                AND __c6 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    ) AND __v1 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                __c8 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    ) AND __v1 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s13 AND __o13 = -1 AND (
              (
                __c10 IS NULL AND __v1 IS NULL
              )
            )
          )
          OR (
            __s25
            AND __o25 = -1
            AND (
              (
                __c17 IS NULL AND (
                  (
                    __v1 IS NULL AND __v1 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s28
            AND __o28 = -1
            AND (
              (
                NOT COALESCE(__c19, FALSE)
                AND __c20 IS NULL
                AND (
                  (
                    __v1 IS NULL AND __v1 IS NULL
                  )
                  OR (
                    (
                      __v1 IS NULL OR __v5 IS NULL
                    ) AND __v1 IS NULL
                  )
                )
              )
            )
          )
          THEN 'platelets'
        END,
        CASE
          WHEN (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL
                AND (
                  (
                    __d4 IS NULL
                    AND (
                      (
                        (
                          __v1 IS NULL OR __d1 IS NULL
                        )
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                __d1 IS NULL
                                AND (
                                  (
                                    (
                                      __v3 IS NULL OR __v5 IS NULL
                                    ) AND __v5 IS NULL
                                  )
                                )
                              )
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
              OR (
                NOT COALESCE(__c5, FALSE)
                AND __c6 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    )
                    AND (
                      (
                        __d1 IS NULL
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                (
                                  __v3 IS NULL OR __v5 IS NULL
                                ) AND __v5 IS NULL
                              )
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                __c8 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __d1 IS NULL
                    )
                    AND (
                      (
                        __d1 IS NULL
                        AND (
                          (
                            __d1 IS NULL
                            AND (
                              (
                                (
                                  __v3 IS NULL OR __v5 IS NULL
                                ) AND __v5 IS NULL
                              )
                            )
                          )
                        )
                      )
                    )
                  )
                )
              )
            )
          )
          OR (
            __s13
            AND __o13 = -1
            AND (
              (
                __c10 IS NULL
                AND (
                  (
                    __d1 IS NULL
                    AND (
                      (
                        (
                          __v3 IS NULL OR __v5 IS NULL
                        ) AND __v5 IS NULL
                      )
                    )
                  )
                )
              )
            )
          )
          OR (
            __s28
            AND __o28 = -1
            AND (
              (
                NOT COALESCE(__c19, FALSE)
                AND __c20 IS NULL
                AND (
                  (
                    (
                      __v1 IS NULL OR __v5 IS NULL
                    )
                    AND (
                      (
                        __v5 IS NULL AND __v5 IS NULL
                      )
                    )
                  )
                )
              )
            )
          )
          THEN 'platelets_before_azathioprine'
        END,
        CASE
          WHEN (
            __s18
            AND __o18 = -1
            AND (
              (
                __c13 IS NULL AND (
                  (
                    __v17 IS NULL AND __v17 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k4 = -1 AND (
              (
                __c26 IS NULL AND __v17 IS NULL
              )
            )
          )
          THEN 'pregnant_or_breastfeeding'
        END,
        CASE
          WHEN (
            __s2
            AND __o2 = -1
            AND (
              (
                __c5 IS NULL AND (
                  (
                    __v9 IS NULL AND __v9 IS NULL
                  )
                )
              )
            )
          )
          THEN 'severe_cytopenia_this_episode'
        END,
        CASE
          WHEN (
            __s1
            AND __o1 = -1
            AND (
              (
                NOT COALESCE(__c1, FALSE)
                AND NOT COALESCE(__c2, FALSE)
                AND __c3 IS NULL
                AND (
                  (
                    __v12 IS NULL AND __v12 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __s21
            AND __o21 = -1
            AND (
              (
                NOT COALESCE(__c14, FALSE)
                AND NOT COALESCE(__c15, FALSE)
                AND __c16 IS NULL
                AND (
                  (
                    __v12 IS NULL AND __v12 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k0 = -1
            AND (
              (
                __c22 IS NULL AND (
                  (
                    __v12 IS NULL AND __v12 IS NULL
                  )
                )
              )
            )
          )
          OR (
            __k1 = -1
            AND (
              (
                __c23 IS NULL
                AND (
                  (
                    __v12 IS NULL AND __v12 IS NULL
                  ) OR (
                    __v12 IS NULL AND __v12 IS NULL
                  )
                )
              )
            )
          )
          THEN 'tpmt_phenotype'
        END,
        CASE
          WHEN (
            __s2
            AND __o2 = -1
            AND (
              (
                NOT COALESCE(__c5, FALSE)
                AND NOT COALESCE(__c6, FALSE)
                AND __c7 IS NULL
                AND __v8 IS NULL
              )
            )
          )
          OR (
            __s9
            AND __o9 = -1
            AND (
              (
                NOT COALESCE(__c8, FALSE)
                AND __c9 IS NULL
                AND (
                  (
                    __v8 IS NULL AND __v8 IS NULL
                  )
                )
              )
            )
          )
          THEN 'weeks_since_change'
        END
      ],
      LAMBDA x : NOT x IS NULL
    )
    ELSE CAST([] AS TEXT[])
  END AS needs, /* sorted */
  CASE
    WHEN __bad
    THEN LIST_FILTER(
      [
        CASE WHEN NOT __p14 IS NULL THEN {'input': 'allopurinol', 'problem': __p14} END,
        CASE WHEN NOT __p2 IS NULL THEN {'input': 'anc', 'problem': __p2} END,
        CASE WHEN NOT __p4 IS NULL THEN {'input': 'anc_lower_limit', 'problem': __p4} END,
        CASE
          WHEN NOT __p7 IS NULL
          THEN {'input': 'azathioprine_status', 'problem': __p7}
        END,
        CASE WHEN NOT __p11 IS NULL THEN {'input': 'bleeding', 'problem': __p11} END,
        CASE WHEN NOT __p16 IS NULL THEN {'input': 'cirrhosis', 'problem': __p16} END,
        CASE WHEN NOT __p15 IS NULL THEN {'input': 'febuxostat', 'problem': __p15} END,
        CASE WHEN NOT __p0 IS NULL THEN {'input': 'indication', 'problem': __p0} END,
        CASE
          WHEN NOT __p10 IS NULL
          THEN {'input': 'months_on_azathioprine', 'problem': __p10}
        END,
        CASE
          WHEN NOT __p13 IS NULL
          THEN {'input': 'nudt15_phenotype', 'problem': __p13}
        END,
        CASE
          WHEN NOT __p3 IS NULL
          THEN {'input': 'platelet_lower_limit', 'problem': __p3}
        END,
        CASE WHEN NOT __p6 IS NULL THEN {'input': 'platelet_trend', 'problem': __p6} END,
        CASE WHEN NOT __p1 IS NULL THEN {'input': 'platelets', 'problem': __p1} END,
        CASE
          WHEN NOT __p5 IS NULL
          THEN {'input': 'platelets_before_azathioprine', 'problem': __p5}
        END,
        CASE
          WHEN NOT __p17 IS NULL
          THEN {'input': 'pregnant_or_breastfeeding', 'problem': __p17}
        END,
        CASE
          WHEN NOT __p9 IS NULL
          THEN {'input': 'severe_cytopenia_this_episode', 'problem': __p9}
        END,
        CASE WHEN NOT __p12 IS NULL THEN {'input': 'tpmt_phenotype', 'problem': __p12} END,
        CASE
          WHEN NOT __p8 IS NULL
          THEN {'input': 'weeks_since_change', 'problem': __p8}
        END
      ],
      LAMBDA x : NOT x IS NULL
    )
    ELSE CAST([] AS STRUCT(input TEXT, problem TEXT)[])
  END AS errors, /* sorted by input */
  CASE
    WHEN __bad
    THEN CAST([] AS TEXT[])
    ELSE [
      ['indication_route'],
      ['indication_route', 'itp_review'],
      ['indication_route', 'itp_review', 'itp_withdrawn', 'end'],
      ['indication_route', 'itp_review', 'itp_myelotoxicity', 'end'],
      ['indication_route', 'itp_review', 'itp_poor_metabolizer', 'end'],
      ['indication_route', 'itp_review', 'itp_bleeding_review'],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_urgent_review',
        'itp_urgent_response_review'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_urgent_review',
        'itp_urgent_response_review',
        'itp_too_early',
        'end'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_urgent_review',
        'itp_urgent_response_review',
        'itp_no_response',
        'end'
      ],
      ['indication_route', 'itp_review', 'itp_bleeding_review', 'itp_response_review'],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_response_review',
        'itp_too_early',
        'end'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_response_review',
        'itp_trend_review'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_response_review',
        'itp_trend_review',
        'itp_losing_response',
        'end'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_response_review',
        'itp_trend_review',
        'itp_responding',
        'end'
      ],
      [
        'indication_route',
        'itp_review',
        'itp_bleeding_review',
        'itp_response_review',
        'itp_no_response',
        'end'
      ],
      ['indication_route', 'drug_toxicity'],
      ['indication_route', 'drug_toxicity', 'withdrawn_review'],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_recovered_after_severe',
        'alternative_therapy'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_recovered_after_severe',
        'alternative_therapy',
        'mycophenolate_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_recovered_after_severe',
        'alternative_therapy',
        'other_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_recovered',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_not_recovered',
        'alternative_therapy'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_not_recovered',
        'alternative_therapy',
        'mycophenolate_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_not_recovered',
        'alternative_therapy',
        'other_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdrawn_review',
        'withdrawn_early',
        'end'
      ],
      ['indication_route', 'drug_toxicity', 'withdraw_now', 'alternative_therapy'],
      [
        'indication_route',
        'drug_toxicity',
        'withdraw_now',
        'alternative_therapy',
        'mycophenolate_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'withdraw_now',
        'alternative_therapy',
        'other_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'poor_metabolizer_switch',
        'alternative_therapy'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'poor_metabolizer_switch',
        'alternative_therapy',
        'mycophenolate_alternative',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'poor_metabolizer_switch',
        'alternative_therapy',
        'other_alternative',
        'end'
      ],
      ['indication_route', 'drug_toxicity', 'dose_reduced_review'],
      [
        'indication_route',
        'drug_toxicity',
        'dose_reduced_review',
        'reduced_dose_recovered',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'dose_reduced_review',
        'reduced_dose_failing',
        'end'
      ],
      [
        'indication_route',
        'drug_toxicity',
        'dose_reduced_review',
        'reduced_dose_waiting',
        'end'
      ],
      ['indication_route', 'drug_toxicity', 'taking_review'],
      [
        'indication_route',
        'drug_toxicity',
        'taking_review',
        'mild_thrombocytopenia',
        'end'
      ],
      ['indication_route', 'drug_toxicity', 'taking_review', 'low_neutrophils', 'end'],
      ['indication_route', 'drug_toxicity', 'taking_review', 'falling_platelets', 'end'],
      ['indication_route', 'drug_toxicity', 'taking_review', 'counts_in_range', 'end']
    ][__route + 1]
  END AS path /* the steps visited */
FROM __route
