-- Scoped admin credentials (issue 29): the name of the credential that published each version
-- (`[[admin.tokens]]` name, `admin` for the instance-wide token_hash); NULL for the command
-- line and the versions published before.
ALTER TABLE quartiers_versions ADD COLUMN jeton text;
