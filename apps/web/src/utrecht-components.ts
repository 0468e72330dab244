// The Utrecht components this app uses, each with its own style sheet: the whole library (@utrecht/component-library-css)
// is over 400 KB of CSS the app never needs. A class of a component not listed here has no style: add its -css package.
import '@utrecht/alert-css';
import '@utrecht/body-css';
import '@utrecht/button-css';
import '@utrecht/checkbox-css';
import '@utrecht/document-css';
import '@utrecht/form-field-css';
import '@utrecht/form-fieldset-css';
import '@utrecht/form-label-css';
import '@utrecht/form-field-error-message-css';
import '@utrecht/form-field-description-css';
import '@utrecht/heading-1-css';
import '@utrecht/heading-2-css';
import '@utrecht/heading-3-css';
import '@utrecht/link-css';
import '@utrecht/page-css';
import '@utrecht/page-content-css';
import '@utrecht/page-header-css';
import '@utrecht/page-footer-css';
import '@utrecht/paragraph-css';
import '@utrecht/radio-button-css';
import '@utrecht/select-css';
import '@utrecht/table-css';
import '@utrecht/textarea-css';
import '@utrecht/textbox-css';
import '@utrecht/unordered-list-css';
