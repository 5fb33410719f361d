// Unit tests of reading MaxLength facets from LN's `$metadata` (CSDL XML): complex types, aliases, `max`, and
// plain-word errors for documents that are not well-formed XML or not CSDL.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseCsdlMaxLengths } from '../../shared/ln/csdl-max-lengths';
import { LnInvalidResponseError } from '../../shared/ln/ln-invalid-response-error';

const doc = (schema: string) => `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>${schema}</edmx:DataServices></edmx:Edmx>`;

const CONTACT = doc(`<Schema Namespace="tcapi.comContact" Alias="c" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <ComplexType Name="Address"><Property Name="City" Type="Edm.String" MaxLength="35"/><Property Name="Country" Type="Edm.String" MaxLength="3"/></ComplexType>
  <EntityType Name="Contact"><Key><PropertyRef Name="Contact"/></Key>
    <Property Name="Contact" Type="Edm.String" Nullable="false" MaxLength="9"/>
    <Property Name="JobTitle" Type="Edm.String" MaxLength="30"/>
    <Property Name="Notes" Type="Edm.String" MaxLength="max"/>
    <Property Name="Text" Type="Edm.String"/>
    <Property Name="WorkAddress" Type="c.Address"/>
  </EntityType>
  <EntityType Name="Language"><Property Name="Language" Type="Edm.String" MaxLength="3"/></EntityType>
  <EntityContainer Name="C"><EntitySet Name="Contacts" EntityType="tcapi.comContact.Contact"/><EntitySet Name="Languages" EntityType="c.Language"/></EntityContainer>
</Schema>`);

it('B-C12: MaxLength facets are read per entity set, complex-type properties as paths; "max" and no facet mean no limit', () => {
  const lengths = parseCsdlMaxLengths(CONTACT, 'tcapi.comContact/$metadata');
  assert.deepEqual([...(lengths.get('Contacts') ?? [])], [['Contact', 9], ['JobTitle', 30], ['WorkAddress/City', 35], ['WorkAddress/Country', 3]]);
  assert.deepEqual([...(lengths.get('Languages') ?? [])], [['Language', 3]]);
});

it('B-C12: a document that is not well-formed XML gets a plain error naming the resource and the line', () => {
  assert.throws(() => parseCsdlMaxLengths('<edmx:Edmx><Schema>', 'tcapi.comContact/$metadata'), (err: unknown) => {
    assert.ok(err instanceof LnInvalidResponseError);
    assert.match(err.message, /^LN tcapi\.comContact\/\$metadata: unexpected response: the metadata is not well-formed XML \(line \d+/);
    return true;
  });
});

it('B-C12: XML that is not CSDL, or a MaxLength that is no length, is refused in plain words', () => {
  assert.throws(() => parseCsdlMaxLengths('<html><body>Gateway</body></html>', 'x/$metadata'), /the metadata is not an OData CSDL document \(Edmx: /);
  const bad = doc('<Schema Namespace="n"><EntityType Name="T"><Property Name="P" Type="Edm.String" MaxLength="-1"/></EntityType></Schema>');
  assert.throws(() => parseCsdlMaxLengths(bad, 'x/$metadata'), /MaxLength must be a positive integer or "max"/);
  const missing = doc('<Schema Namespace="n"><EntityContainer Name="C"><EntitySet Name="S" EntityType="n.Nope"/></EntityContainer></Schema>');
  assert.throws(() => parseCsdlMaxLengths(missing, 'x/$metadata'), /names entity type n\.Nope for S but does not define it/);
});
