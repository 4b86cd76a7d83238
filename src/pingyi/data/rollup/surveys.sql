-- 满意率: positive answers over all answers of every survey.
SELECT workspace, year,
       COUNT(*) AS surveys,
       SUM(total) AS answers,
       SUM(positive) AS positive,
       CASE WHEN SUM(total) = 0 THEN NULL
            ELSE ROUND(CAST(SUM(positive) AS DOUBLE) / SUM(total), 4) END AS rate
FROM surveys
GROUP BY GROUPING SETS ((workspace, year), (year))
ORDER BY year, workspace NULLS LAST
