// casegraph schema for Neo4j 5.21 or newer. Generated from graph/model.py by
// `python -m graph.cypher --schema`; a test fails if this file and the model differ.
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:`Case`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:`Company`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (n:`Venue`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT operator_id IF NOT EXISTS FOR (n:`Operator`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT violation_id IF NOT EXISTS FOR (n:`Violation`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT authority_id IF NOT EXISTS FOR (n:`Authority`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:`Location`) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:`Document`) REQUIRE n.id IS UNIQUE;
CREATE INDEX case_name IF NOT EXISTS FOR (n:`Case`) ON (n.name);
CREATE INDEX company_name IF NOT EXISTS FOR (n:`Company`) ON (n.name);
CREATE INDEX venue_name IF NOT EXISTS FOR (n:`Venue`) ON (n.name);
CREATE INDEX operator_name IF NOT EXISTS FOR (n:`Operator`) ON (n.name);
CREATE INDEX violation_name IF NOT EXISTS FOR (n:`Violation`) ON (n.name);
CREATE INDEX authority_name IF NOT EXISTS FOR (n:`Authority`) ON (n.name);
CREATE INDEX location_name IF NOT EXISTS FOR (n:`Location`) ON (n.name);
CREATE INDEX document_name IF NOT EXISTS FOR (n:`Document`) ON (n.name);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:`Case`|`Company`|`Venue`|`Operator`|`Violation`|`Authority`|`Location`) ON EACH [n.name, n.search];
CREATE INDEX rel_doc IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() ON (r.doc_id);
