-- Task change requests are approved by the chief scientist; the council approves member changes only
-- (approve:member). Databases seeded before this rule still carry the council's old task grant.
DELETE FROM role_permissions WHERE role = 'council' AND permission = 'approve:change:any';
