-- Imports and exports keep their files in the platform's `files` table (shared with attachments)
-- instead of their own imports_files: the rows move over and the references follow.

INSERT INTO files (tenant_id, id, purpose, name, content_type, size_bytes, chunks, sha256, status, created_by, created_at)
  SELECT tenant_id, id, purpose, name, content_type, size_bytes, chunks, sha256, status, created_by, created_at
  FROM imports_files;
INSERT INTO file_chunks (tenant_id, file_id, seq, data)
  SELECT tenant_id, file_id, seq, data FROM imports_file_chunks;

ALTER TABLE imports DROP CONSTRAINT imports_tenant_id_file_id_fkey;
ALTER TABLE imports ADD FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id);
ALTER TABLE exports DROP CONSTRAINT exports_tenant_id_file_id_fkey;
ALTER TABLE exports ADD FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id) ON DELETE SET NULL (file_id);

DROP TABLE imports_file_chunks;
DROP TABLE imports_files;
