-- 点评率: the four coverage measures per workspace and year, and over all of them.
SELECT workspace, year, measure,
       SUM(reviewed) AS reviewed,
       SUM(total) AS total,
       CASE WHEN SUM(total) = 0 THEN NULL
            ELSE ROUND(CAST(SUM(reviewed) AS DOUBLE) / SUM(total), 4) END AS rate
FROM coverage
WHERE level = 'scope'
GROUP BY GROUPING SETS ((workspace, year, measure), (year, measure))
ORDER BY year, workspace NULLS LAST, measure
