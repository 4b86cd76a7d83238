-- 兑现率: fulfilled commitments over all but the withdrawn, org-owned and member-owned.
SELECT workspace, year, owner_kind,
       SUM(made) AS made,
       SUM(withdrawn) AS withdrawn,
       SUM(done) AS done,
       CASE WHEN SUM(made) - SUM(withdrawn) = 0 THEN NULL
            ELSE ROUND(CAST(SUM(done) AS DOUBLE) / (SUM(made) - SUM(withdrawn)), 4) END AS rate
FROM commitments
WHERE level = 'scope'
GROUP BY GROUPING SETS ((workspace, year, owner_kind), (year, owner_kind))
ORDER BY year, workspace NULLS LAST, owner_kind
