CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)
;
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	external_id VARCHAR(255) NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	text TEXT NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	length INTEGER NOT NULL, 
	meta JSON NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (external_id)
)
;
CREATE INDEX ix_documents_sha256 ON documents (sha256)
;
CREATE TABLE analysts (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
)
;
CREATE TABLE annotations (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	analyst_id INTEGER NOT NULL, 
	label VARCHAR(255) NOT NULL, 
	start_offset INTEGER NOT NULL, 
	end_offset INTEGER NOT NULL, 
	attributes JSON NOT NULL, 
	note TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(analyst_id) REFERENCES analysts (id) ON DELETE RESTRICT
)
;
CREATE INDEX ix_annotations_document_analyst ON annotations (document_id, analyst_id)
;
CREATE TABLE relations (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	analyst_id INTEGER NOT NULL, 
	type VARCHAR(255) NOT NULL, 
	source_id INTEGER NOT NULL, 
	target_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(analyst_id) REFERENCES analysts (id) ON DELETE RESTRICT, 
	FOREIGN KEY(source_id) REFERENCES annotations (id) ON DELETE CASCADE, 
	FOREIGN KEY(target_id) REFERENCES annotations (id) ON DELETE CASCADE
)
;
CREATE INDEX ix_relations_document_analyst ON relations (document_id, analyst_id)
;
CREATE INDEX ix_relations_source_id ON relations (source_id)
;
CREATE INDEX ix_relations_target_id ON relations (target_id)
;
CREATE TABLE settings (
	"key" VARCHAR(255) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
)
;
CREATE TABLE document_status (
	document_id INTEGER NOT NULL, 
	analyst_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (document_id, analyst_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(analyst_id) REFERENCES analysts (id) ON DELETE CASCADE
)
;
CREATE TABLE decisions (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	reviewer VARCHAR(255) NOT NULL, 
	decided_at DATETIME NOT NULL, 
	action VARCHAR(40) NOT NULL, 
	sources JSON NOT NULL, 
	gold_annotation_id INTEGER, 
	label VARCHAR(255) NOT NULL, 
	start_offset INTEGER, 
	end_offset INTEGER, 
	rationale TEXT NOT NULL, relation_sources JSON, gold_relation_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
)
;
CREATE INDEX ix_decisions_document ON decisions (document_id, id)
;
CREATE INDEX ix_annotations_document_start ON annotations (document_id, start_offset)
;
CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text); END
;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text); END
;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, text ON documents BEGIN INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text); END
;
