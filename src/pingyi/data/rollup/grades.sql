-- 等次: how many members have each grade (NULL: unrated).
SELECT workspace, year, grade, COUNT(*) AS members
FROM points
GROUP BY GROUPING SETS ((workspace, year, grade), (year, grade))
ORDER BY year, workspace NULLS LAST, grade NULLS LAST
