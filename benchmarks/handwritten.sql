-- The azathioprine pathway written by hand in DuckDB SQL: the yardstick of the generated query
-- (benchmarks/population.py). It reads `patients` as the benchmark generates them (typed columns:
-- DOUBLE numbers, BOOLEAN yes/no, VARCHAR choices and units; no lower-limit columns, so their
-- defaults hold) with `_row`, the row's place, and returns what `guideline population` returns,
-- in input order. Unknown is SQL's NULL, and AND, OR and NOT are SQL's, which are Kleene's. Each
-- condition carries the inputs whose absence leaves it unknown (`n_...`); a decision stops at the
-- first unknown condition before a true one, asking for what the unknown ones lack. Problem texts
-- are shorter than the evaluator's.
WITH v AS (
  SELECT
    id, _row,
    indication AS ind, azathioprine_status AS st, platelet_trend AS trend,
    tpmt_phenotype AS tpmt, nudt15_phenotype AS nudt,
    allopurinol AS allo, febuxostat AS febux, cirrhosis AS cirr, pregnant_or_breastfeeding AS preg,
    severe_cytopenia_this_episode AS sev_ep, bleeding AS bleed,
    CASE WHEN platelets_unit IN ('/uL', '/mm3') THEN platelets / 1000.0 ELSE platelets END AS plt,
    CASE WHEN anc_unit IN ('/uL', '/mm3') THEN anc / 1000.0 ELSE anc END AS anc,
    weeks_since_change AS weeks, months_on_azathioprine AS months, platelets_before_azathioprine AS pba,
    150.0 AS pll, 1.5 AS alim,
    platelets_unit, anc_unit, platelets AS platelets_given, anc AS anc_given
  FROM patients
),
e AS (
  SELECT *, list_sort(list_filter([
    CASE WHEN ind NOT IN ('autoimmune_hepatitis', 'inflammatory_bowel_disease', 'immune_thrombocytopenia', 'other')
      THEN {'input': 'indication', 'problem': 'not one of the choices'} END,
    CASE WHEN platelets_given IS NULL THEN NULL
      WHEN platelets_unit NOT IN ('10*9/L', '10*3/uL', '/uL', '/mm3', 'K/uL', 'x10^9/L')
        THEN {'input': 'platelets', 'problem': 'unit not accepted'}
      WHEN isnan(plt) OR isinf(plt) THEN {'input': 'platelets', 'problem': 'not a finite number'}
      WHEN NOT plt BETWEEN 0 AND 2000 THEN {'input': 'platelets', 'problem': 'out of range'} END,
    CASE WHEN anc_given IS NULL THEN NULL
      WHEN anc_unit NOT IN ('10*9/L', '10*3/uL', '/uL', '/mm3', 'K/uL', 'x10^9/L')
        THEN {'input': 'anc', 'problem': 'unit not accepted'}
      WHEN isnan(anc) OR isinf(anc) THEN {'input': 'anc', 'problem': 'not a finite number'}
      WHEN NOT anc BETWEEN 0 AND 100 THEN {'input': 'anc', 'problem': 'out of range'} END,
    CASE WHEN isnan(pba) OR isinf(pba) OR NOT pba BETWEEN 0 AND 2000
      THEN {'input': 'platelets_before_azathioprine', 'problem': 'out of range'} END,
    CASE WHEN trend NOT IN ('falling', 'stable', 'rising')
      THEN {'input': 'platelet_trend', 'problem': 'not one of the choices'} END,
    CASE WHEN st NOT IN ('taking', 'dose_reduced', 'withdrawn')
      THEN {'input': 'azathioprine_status', 'problem': 'not one of the choices'} END,
    CASE WHEN isnan(weeks) OR isinf(weeks) OR NOT weeks BETWEEN 0 AND 520
      THEN {'input': 'weeks_since_change', 'problem': 'out of range'} END,
    CASE WHEN isnan(months) OR isinf(months) OR NOT months BETWEEN 0 AND 600
      THEN {'input': 'months_on_azathioprine', 'problem': 'out of range'} END,
    CASE WHEN tpmt NOT IN ('normal_metabolizer', 'intermediate_metabolizer', 'possible_intermediate_metabolizer',
                           'poor_metabolizer', 'indeterminate', 'not_tested')
      THEN {'input': 'tpmt_phenotype', 'problem': 'not one of the choices'} END,
    CASE WHEN nudt NOT IN ('normal_metabolizer', 'intermediate_metabolizer', 'possible_intermediate_metabolizer',
                           'poor_metabolizer', 'indeterminate', 'not_tested')
      THEN {'input': 'nudt15_phenotype', 'problem': 'not one of the choices'} END
  ], lambda x: x IS NOT NULL)) AS errors  -- in the order of the input names, as the evaluator gives them
  FROM v
),
-- The definitions and conditions, each with the inputs its unknown value lacks.
c AS (
  SELECT *,
    plt < 50 OR anc < 1.0 AS severe,
    CASE WHEN pba IS NULL THEN pll ELSE least(pll, pba) END AS ref,
    tpmt = 'poor_metabolizer' OR nudt = 'poor_metabolizer' AS poor,
    CASE WHEN (tpmt = 'poor_metabolizer' OR nudt = 'poor_metabolizer') IS NULL THEN
      list_concat(CASE WHEN tpmt IS NULL THEN ['tpmt_phenotype'] ELSE [] END,
                  CASE WHEN nudt IS NULL THEN ['nudt15_phenotype'] ELSE [] END) END AS n_poor,
    months < 4 AS early,
    plt >= 30 AND plt >= 2 * pba AND NOT bleed AS response
  FROM e
),
d AS (
  SELECT *,
    CASE WHEN severe IS NULL THEN list_concat(CASE WHEN plt IS NULL THEN ['platelets'] ELSE [] END,
                                              CASE WHEN anc IS NULL THEN ['anc'] ELSE [] END) END AS n_severe,
    plt >= greatest(50, ref) AND anc >= alim AS recovered,
    CASE WHEN (plt >= greatest(50, ref) AND anc >= alim) IS NULL THEN
      list_concat(CASE WHEN plt IS NULL THEN ['platelets'] ELSE [] END,
                  CASE WHEN anc IS NULL THEN ['anc'] ELSE [] END) END AS n_recovered,
    CASE WHEN response IS NULL THEN list_concat(
      CASE WHEN (plt >= 30) IS NULL THEN ['platelets'] ELSE [] END,
      CASE WHEN (plt >= 2 * pba) IS NULL THEN list_concat(CASE WHEN plt IS NULL THEN ['platelets'] ELSE [] END,
                                                          CASE WHEN pba IS NULL THEN ['platelets_before_azathioprine'] ELSE [] END) ELSE [] END,
      CASE WHEN bleed IS NULL THEN ['bleeding'] ELSE [] END) END AS n_response
  FROM c
),
-- Each decision's outcome: the branch taken (1, 2, ...; 0 otherwise), or NULL where it stops, and
-- then what it needs.
o AS (
  SELECT *,
    CASE WHEN ind = 'immune_thrombocytopenia' THEN 1 WHEN ind IS NOT NULL THEN 0 END AS indication_route,
    CASE WHEN st = 'withdrawn' THEN 1 WHEN st IS NULL THEN NULL
         WHEN anc < 1.0 THEN 2 WHEN anc IS NULL THEN NULL
         WHEN poor THEN 3 WHEN poor IS NULL THEN NULL ELSE 0 END AS itp_review,
    list_concat(CASE WHEN st IS NULL THEN ['azathioprine_status'] END,
                CASE WHEN st IS DISTINCT FROM 'withdrawn' AND anc IS NULL THEN ['anc'] END,
                CASE WHEN st IS DISTINCT FROM 'withdrawn' AND (anc < 1.0) IS NOT TRUE AND poor IS NULL THEN n_poor END)
      AS n_itp_review,
    CASE WHEN bleed OR plt < 30 THEN 1 WHEN (bleed OR plt < 30) IS NULL THEN NULL ELSE 0 END AS itp_bleeding_review,
    CASE WHEN (bleed OR plt < 30) IS NULL THEN list_concat(CASE WHEN bleed IS NULL THEN ['bleeding'] END,
                                                           CASE WHEN plt IS NULL THEN ['platelets'] END) END
      AS n_itp_bleeding_review,
    CASE WHEN early THEN 1 WHEN early IS NULL THEN NULL ELSE 0 END AS itp_urgent_response_review,
    CASE WHEN early THEN 1 WHEN early IS NULL THEN NULL WHEN response THEN 2 WHEN response IS NULL THEN NULL ELSE 0 END
      AS itp_response_review,
    list_concat(CASE WHEN early IS NULL THEN ['months_on_azathioprine'] END,
                CASE WHEN early IS NOT TRUE AND response IS NULL THEN n_response END) AS n_itp_response_review,
    CASE WHEN trend = 'falling' THEN 1 WHEN trend IS NULL THEN NULL ELSE 0 END AS itp_trend_review,
    CASE WHEN st = 'withdrawn' THEN 1 WHEN st IS NULL THEN NULL
         WHEN severe THEN 2 WHEN severe IS NULL THEN NULL
         WHEN poor THEN 3 WHEN poor IS NULL THEN NULL
         WHEN st = 'dose_reduced' THEN 4 ELSE 0 END AS drug_toxicity,
    list_concat(CASE WHEN st IS NULL THEN ['azathioprine_status'] END,
                CASE WHEN st IS DISTINCT FROM 'withdrawn' AND severe IS NULL THEN n_severe END,
                CASE WHEN st IS DISTINCT FROM 'withdrawn' AND severe IS NOT TRUE AND poor IS NULL THEN n_poor END)
      AS n_drug_toxicity,
    CASE WHEN recovered AND sev_ep THEN 1 WHEN (recovered AND sev_ep) IS NULL THEN NULL
         WHEN recovered THEN 2 WHEN recovered IS NULL THEN NULL
         WHEN weeks >= 2 THEN 3 WHEN weeks IS NULL THEN NULL ELSE 0 END AS withdrawn_review,
    list_concat(CASE WHEN (recovered AND sev_ep) IS NULL THEN list_concat(
                  CASE WHEN recovered IS NULL THEN n_recovered END, CASE WHEN sev_ep IS NULL THEN ['severe_cytopenia_this_episode'] END) END,
                CASE WHEN (recovered AND sev_ep) IS NOT TRUE AND recovered IS NULL THEN n_recovered END,
                CASE WHEN (recovered AND sev_ep) IS NOT TRUE AND recovered IS NOT TRUE AND weeks IS NULL THEN ['weeks_since_change'] END)
      AS n_withdrawn_review,
    CASE WHEN recovered THEN 1 WHEN recovered IS NULL THEN NULL
         WHEN trend = 'falling' OR weeks >= 4 THEN 2 WHEN (trend = 'falling' OR weeks >= 4) IS NULL THEN NULL ELSE 0 END
      AS dose_reduced_review,
    list_concat(CASE WHEN recovered IS NULL THEN n_recovered END,
                CASE WHEN recovered IS NOT TRUE AND (trend = 'falling' OR weeks >= 4) IS NULL THEN list_concat(
                  CASE WHEN trend IS NULL THEN ['platelet_trend'] END, CASE WHEN weeks IS NULL THEN ['weeks_since_change'] END) END)
      AS n_dose_reduced_review,
    CASE WHEN plt < ref THEN 1 WHEN plt IS NULL THEN NULL
         WHEN anc < alim THEN 2 WHEN anc IS NULL THEN NULL
         WHEN trend = 'falling' THEN 3 WHEN trend IS NULL THEN NULL ELSE 0 END AS taking_review,
    list_concat(CASE WHEN plt IS NULL THEN ['platelets'] END,
                CASE WHEN (plt < ref) IS NOT TRUE AND anc IS NULL THEN ['anc'] END,
                CASE WHEN (plt < ref) IS NOT TRUE AND (anc < alim) IS NOT TRUE AND trend IS NULL THEN ['platelet_trend'] END)
      AS n_taking_review,
    CASE WHEN ind = 'autoimmune_hepatitis' AND NOT preg THEN 1
         WHEN (ind = 'autoimmune_hepatitis' AND NOT preg) IS NULL THEN NULL ELSE 0 END AS alternative_therapy,
    CASE WHEN (ind = 'autoimmune_hepatitis' AND NOT preg) IS NULL THEN list_concat(
      CASE WHEN ind IS NULL THEN ['indication'] END, CASE WHEN preg IS NULL THEN ['pregnant_or_breastfeeding'] END) END
      AS n_alternative_therapy
  FROM d
),
-- The route: the path, the pathway's codes, and what it stopped for.
r AS (
  SELECT *,
    CASE
      WHEN indication_route IS NULL THEN {'path': ['indication_route'], 'codes': [], 'needs': ['indication']}
      WHEN indication_route = 1 THEN CASE
        WHEN itp_review IS NULL THEN {'path': ['indication_route', 'itp_review'], 'codes': [], 'needs': n_itp_review}
        WHEN itp_review = 1 THEN {'path': ['indication_route', 'itp_review', 'itp_withdrawn', 'end'],
          'codes': ['keep_azathioprine_stopped', 'cbc_weekly_until_recovery', 'hematology_comanagement'], 'needs': []}
        WHEN itp_review = 2 THEN {'path': ['indication_route', 'itp_review', 'itp_myelotoxicity', 'end'],
          'codes': ['withdraw_azathioprine', 'do_not_rechallenge', 'hematology_comanagement', 'cbc_weekly_until_recovery',
                    'itp_consider_second_line_alternative'], 'needs': []}
        WHEN itp_review = 3 THEN {'path': ['indication_route', 'itp_review', 'itp_poor_metabolizer', 'end'],
          'codes': ['switch_from_azathioprine', 'itp_consider_second_line_alternative', 'hematology_comanagement'], 'needs': []}
        WHEN itp_bleeding_review IS NULL THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review'],
          'codes': [], 'needs': n_itp_bleeding_review}
        WHEN itp_bleeding_review = 1 THEN CASE
          WHEN itp_urgent_response_review IS NULL THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
            'itp_urgent_review', 'itp_urgent_response_review'], 'codes': ['itp_urgent_hematology_review'],
            'needs': ['months_on_azathioprine']}
          WHEN itp_urgent_response_review = 1 THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
            'itp_urgent_review', 'itp_urgent_response_review', 'itp_too_early', 'end'],
            'codes': ['itp_urgent_hematology_review', 'continue_azathioprine', 'itp_response_not_yet_assessable',
                      'increase_cbc_monitoring'], 'needs': []}
          ELSE {'path': ['indication_route', 'itp_review', 'itp_bleeding_review', 'itp_urgent_review',
            'itp_urgent_response_review', 'itp_no_response', 'end'],
            'codes': ['itp_urgent_hematology_review', 'switch_from_azathioprine', 'itp_consider_second_line_alternative',
                      'hematology_comanagement'], 'needs': []} END
        WHEN itp_response_review IS NULL THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
          'itp_response_review'], 'codes': [], 'needs': n_itp_response_review}
        WHEN itp_response_review = 1 THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
          'itp_response_review', 'itp_too_early', 'end'],
          'codes': ['continue_azathioprine', 'itp_response_not_yet_assessable', 'increase_cbc_monitoring'], 'needs': []}
        WHEN itp_response_review = 2 THEN CASE
          WHEN itp_trend_review IS NULL THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
            'itp_response_review', 'itp_trend_review'], 'codes': [], 'needs': ['platelet_trend']}
          WHEN itp_trend_review = 1 THEN {'path': ['indication_route', 'itp_review', 'itp_bleeding_review',
            'itp_response_review', 'itp_trend_review', 'itp_losing_response', 'end'],
            'codes': ['continue_azathioprine', 'hematology_comanagement', 'increase_cbc_monitoring'], 'needs': []}
          ELSE {'path': ['indication_route', 'itp_review', 'itp_bleeding_review', 'itp_response_review',
            'itp_trend_review', 'itp_responding', 'end'], 'codes': ['continue_azathioprine', 'routine_cbc_monitoring'],
            'needs': []} END
        ELSE {'path': ['indication_route', 'itp_review', 'itp_bleeding_review', 'itp_response_review',
          'itp_no_response', 'end'],
          'codes': ['switch_from_azathioprine', 'itp_consider_second_line_alternative', 'hematology_comanagement'],
          'needs': []} END
      WHEN drug_toxicity IS NULL THEN {'path': ['indication_route', 'drug_toxicity'], 'codes': [], 'needs': n_drug_toxicity}
      WHEN drug_toxicity = 1 THEN CASE
        WHEN withdrawn_review IS NULL THEN {'path': ['indication_route', 'drug_toxicity', 'withdrawn_review'],
          'codes': [], 'needs': n_withdrawn_review}
        WHEN withdrawn_review = 1 THEN {'path': ['indication_route', 'drug_toxicity', 'withdrawn_review',
          'withdrawn_recovered_after_severe', 'alternative_therapy'],
          'codes': ['keep_azathioprine_stopped', 'do_not_rechallenge'], 'needs': []}
        WHEN withdrawn_review = 2 THEN {'path': ['indication_route', 'drug_toxicity', 'withdrawn_review',
          'withdrawn_recovered', 'end'], 'codes': ['reintroduce_at_reduced_dose', 'increase_cbc_monitoring'], 'needs': []}
        WHEN withdrawn_review = 3 THEN {'path': ['indication_route', 'drug_toxicity', 'withdrawn_review',
          'withdrawn_not_recovered', 'alternative_therapy'],
          'codes': ['keep_azathioprine_stopped', 'do_not_rechallenge', 'hematology_comanagement',
                    'cbc_weekly_until_recovery'], 'needs': []}
        ELSE {'path': ['indication_route', 'drug_toxicity', 'withdrawn_review', 'withdrawn_early', 'end'],
          'codes': ['keep_azathioprine_stopped', 'cbc_weekly_until_recovery'], 'needs': []} END
      WHEN drug_toxicity = 2 THEN {'path': ['indication_route', 'drug_toxicity', 'withdraw_now', 'alternative_therapy'],
        'codes': ['withdraw_azathioprine', 'do_not_rechallenge', 'hematology_comanagement', 'cbc_weekly_until_recovery',
                  'consider_other_causes'], 'needs': []}
      WHEN drug_toxicity = 3 THEN {'path': ['indication_route', 'drug_toxicity', 'poor_metabolizer_switch',
        'alternative_therapy'], 'codes': ['switch_from_azathioprine', 'increase_cbc_monitoring'], 'needs': []}
      WHEN drug_toxicity = 4 THEN CASE
        WHEN dose_reduced_review IS NULL THEN {'path': ['indication_route', 'drug_toxicity', 'dose_reduced_review'],
          'codes': [], 'needs': n_dose_reduced_review}
        WHEN dose_reduced_review = 1 THEN {'path': ['indication_route', 'drug_toxicity', 'dose_reduced_review',
          'reduced_dose_recovered', 'end'], 'codes': ['continue_reduced_dose', 'increase_cbc_monitoring'], 'needs': []}
        WHEN dose_reduced_review = 2 THEN {'path': ['indication_route', 'drug_toxicity', 'dose_reduced_review',
          'reduced_dose_failing', 'end'],
          'codes': ['withdraw_azathioprine', 'hematology_comanagement', 'cbc_weekly_until_recovery'], 'needs': []}
        ELSE {'path': ['indication_route', 'drug_toxicity', 'dose_reduced_review', 'reduced_dose_waiting', 'end'],
          'codes': ['continue_reduced_dose', 'cbc_weekly_until_recovery'], 'needs': []} END
      WHEN taking_review IS NULL THEN {'path': ['indication_route', 'drug_toxicity', 'taking_review'], 'codes': [],
        'needs': n_taking_review}
      WHEN taking_review = 1 THEN {'path': ['indication_route', 'drug_toxicity', 'taking_review', 'mild_thrombocytopenia',
        'end'], 'codes': ['reduce_azathioprine_dose', 'increase_cbc_monitoring', 'watch_for_pancytopenia',
                          'consider_other_causes'], 'needs': []}
      WHEN taking_review = 2 THEN {'path': ['indication_route', 'drug_toxicity', 'taking_review', 'low_neutrophils', 'end'],
        'codes': ['consider_dose_reduction', 'increase_cbc_monitoring'], 'needs': []}
      WHEN taking_review = 3 THEN {'path': ['indication_route', 'drug_toxicity', 'taking_review', 'falling_platelets',
        'end'], 'codes': ['consider_dose_reduction', 'increase_cbc_monitoring'], 'needs': []}
      ELSE {'path': ['indication_route', 'drug_toxicity', 'taking_review', 'counts_in_range', 'end'],
        'codes': ['continue_azathioprine', 'routine_cbc_monitoring'], 'needs': []}
    END AS route
  FROM o
),
-- Alternative therapy, after the three steps that lead to it.
a AS (
  SELECT *,
    CASE
      WHEN route.path[-1] <> 'alternative_therapy' THEN route
      WHEN alternative_therapy IS NULL THEN {'path': route.path, 'codes': route.codes, 'needs': n_alternative_therapy}
      WHEN alternative_therapy = 1 THEN {'path': list_concat(route.path, ['mycophenolate_alternative', 'end']),
        'codes': list_append(route.codes, 'switch_to_mycophenolate'), 'needs': []}
      ELSE {'path': list_concat(route.path, ['other_alternative', 'end']),
        'codes': list_append(route.codes, 'consider_alternative_immunosuppressant'), 'needs': []}
    END AS done
  FROM r
),
-- The checks on every evaluation with valid inputs.
k AS (
  SELECT *,
    list_concat(
      CASE WHEN tpmt = 'not_tested' OR nudt = 'not_tested' THEN ['test_tpmt_nudt15'] END,
      CASE WHEN tpmt IN ('intermediate_metabolizer', 'possible_intermediate_metabolizer')
             OR nudt IN ('intermediate_metabolizer', 'possible_intermediate_metabolizer') THEN ['intermediate_metabolizer_dose'] END,
      CASE WHEN allo THEN ['allopurinol_interaction'] END,
      CASE WHEN febux THEN ['febuxostat_contraindicated'] END,
      CASE WHEN preg THEN ['pregnancy_specialist_review'] END,
      CASE WHEN ind = 'autoimmune_hepatitis' AND cirr IS NULL THEN ['assess_liver_status']
           WHEN ind = 'autoimmune_hepatitis' AND cirr THEN ['cirrhosis_risk'] END
    ) AS check_codes,
    list_concat(
      CASE WHEN (tpmt = 'not_tested' OR nudt = 'not_tested') IS NULL THEN list_concat(
        CASE WHEN tpmt IS NULL THEN ['tpmt_phenotype'] END, CASE WHEN nudt IS NULL THEN ['nudt15_phenotype'] END) END,
      CASE WHEN (tpmt IN ('intermediate_metabolizer', 'possible_intermediate_metabolizer')
             OR nudt IN ('intermediate_metabolizer', 'possible_intermediate_metabolizer')) IS NULL THEN list_concat(
        CASE WHEN tpmt IS NULL THEN ['tpmt_phenotype'] END, CASE WHEN nudt IS NULL THEN ['nudt15_phenotype'] END) END,
      CASE WHEN allo IS NULL THEN ['allopurinol'] END,
      CASE WHEN febux IS NULL THEN ['febuxostat'] END,
      CASE WHEN preg IS NULL THEN ['pregnant_or_breastfeeding'] END,
      CASE WHEN ind IS NULL AND (cirr IS NULL OR cirr) THEN ['indication'] END
    ) AS check_needs
  FROM a
)
SELECT
  id,
  CASE WHEN len(errors) > 0 THEN 'invalid_input'
       WHEN len(done.needs) > 0 OR len(check_needs) > 0 THEN 'needs_data' ELSE 'complete' END AS status,
  CASE WHEN len(errors) > 0 THEN [] ELSE list_filter(list_concat(done.codes, check_codes),
    lambda x, i: list_position(list_concat(done.codes, check_codes), x) = i) END AS recommendations,
  CASE WHEN len(errors) > 0 THEN [] ELSE list_sort(list_distinct(list_concat(done.needs, check_needs))) END AS needs,
  errors,
  CASE WHEN len(errors) > 0 THEN [] ELSE done.path END AS path
FROM k
ORDER BY _row
