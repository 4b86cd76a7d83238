-- 销号率: rectifications closed over all problems raised; and how many are overdue.
SELECT workspace, year,
       COUNT(*) AS problems,
       SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed,
       SUM(CASE WHEN state = 'overdue' THEN 1 ELSE 0 END) AS overdue,
       CASE WHEN COUNT(*) = 0 THEN NULL
            ELSE ROUND(CAST(SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*), 4) END AS rate
FROM rectifications
GROUP BY GROUPING SETS ((workspace, year), (year))
ORDER BY year, workspace NULLS LAST
