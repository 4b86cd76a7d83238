-- 评星定格: how many members have each number of stars (NULL: unrated).
SELECT workspace, year, stars, COUNT(*) AS members
FROM points
GROUP BY GROUPING SETS ((workspace, year, stars), (year, stars))
ORDER BY year, workspace NULLS LAST, stars DESC NULLS LAST
